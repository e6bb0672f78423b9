using System.Net;
using Maas.Core.Security;

namespace Maas.Server.Tests.Security;

/// <summary>No secret reaches the log, at any level, whatever a client does with its key.</summary>
public sealed class KeyLoggingTests(LoggedFixture server) : IClassFixture<LoggedFixture>
{
    [Fact]
    public async Task Log_AtTraceLevel_NeverHoldsASecret()
    {
        var key = await server.CreateKeyAsync(Role.Publisher, ["fraud-*"]);
        var created = await server.Http.PostAsJsonAsync("/api/v1/keys", new { role = "consumer", scopes = new[] { "*" } });
        var other = (await created.Content.ReadFromJsonAsync<CreatedApiKey>())!.Key;
        using (var http = server.CreateClient(key))
        {
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/models", new { name = "fraud-logged" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/models/other-thing")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/keys")).StatusCode);
        }

        using (var wrong = server.CreateClient(key[..^3] + "000"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/models")).StatusCode);
        }

        using (var anonymous = server.CreateClient(null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/models?api_key=" + other)).StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2");
            request.Headers.TryAddWithoutValidation("x-api-key", other);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(request)).StatusCode);
        }

        (await server.Http.DeleteAsync($"/api/v1/keys/{SecurityFixture.IdOf(key)}")).EnsureSuccessStatusCode();

        var secrets = new[] { server.AdminKey, key, other }.Select(k => k[(k.IndexOf('_', 5) + 1)..]).ToList();
        Assert.NotEmpty(server.Log.Lines);
        Assert.Contains(server.Log.Lines, line => line.Contains(SecurityFixture.IdOf(key), StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(server.Log.Lines, line => line.Contains(secret[..16], StringComparison.Ordinal));
        }
    }
}
