using System.Net;
using System.Text.Json;
using Maas.Core.Security;
using Microsoft.Data.Sqlite;

namespace Maas.Server.Tests.Security;

/// <summary>The key life cycle over the real server: creation, what is stored, expiry, revocation.</summary>
public sealed class KeyApiTests(SecurityFixture server) : IClassFixture<SecurityFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Create_ShowsTheKeyOnce_AndListsItWithoutTheSecret()
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/keys", new { role = "consumer", scopes = new[] { "fraud-*" }, expires = server.Clock.GetUtcNow().AddDays(30), description = "checkout" });
        var created = (await response.Content.ReadFromJsonAsync<CreatedApiKey>(Web))!;
        var secret = created.Key[(5 + created.Id.Length + 1)..];

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/keys/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Matches("^maas_[0-9a-f]{16}_[0-9a-f]{64}$", created.Key);
        Assert.Equal(Role.Consumer, created.Role);
        Assert.Equal(["fraud-*"], created.Scopes);
        var list = await server.Http.GetStringAsync("/api/v1/keys");
        var one = await server.Http.GetStringAsync($"/api/v1/keys/{created.Id}");
        Assert.Contains(created.Id, list, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"consumer\"", one, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, one, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AnswerCarryingTheSecret_IsNeverCached()
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/keys", new { role = "consumer", scopes = new[] { "fraud-*" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }

    [Fact]
    public async Task Database_HoldsOnlyTheSha256OfTheSecret()
    {
        var key = await server.CreateConsumerKeyAsync("fraud-*");
        var id = SecurityFixture.IdOf(key);
        var secret = key[(5 + id.Length + 1)..];

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "maas.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM api_keys WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var row = Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue).ToList();

        Assert.Contains(row, v => v is byte[] hash && hash.SequenceEqual(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))));
        Assert.DoesNotContain(row, v => v is string text && text.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(row, v => v is byte[] bytes && System.Text.Encoding.UTF8.GetString(bytes).Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoke_TakesEffectOnTheNextRequest()
    {
        var key = await server.CreateConsumerKeyAsync("fraud-*");
        using var http = server.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/models")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"/api/v1/keys/{SecurityFixture.IdOf(key)}")).StatusCode);

        var detail = await Json.ProblemAsync(await http.GetAsync("/api/v1/models"), 401);
        Assert.Equal("The API key was revoked.", detail);
        var shown = await server.Http.GetFromJsonAsync<ApiKeyInfo>($"/api/v1/keys/{SecurityFixture.IdOf(key)}", Web);
        Assert.NotNull(shown!.Revoked);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"/api/v1/keys/{SecurityFixture.IdOf(key)}")).StatusCode);
        await Json.ProblemAsync(await server.Http.DeleteAsync("/api/v1/keys/nosuchkey"), 404);
    }

    [Fact]
    public async Task OneConnection_AfterItsKeyCheckedOut_StillRefusesAWrongSecretAndARevokedKey()
    {
        // One connection for every request: the server remembers the last key verified on a connection, and that
        // memo must only ever spare hashing the very same string for the very same stored key.
        var key = await server.CreateConsumerKeyAsync("fraud-*");
        var wrongSecret = key[..^4] + (key.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
        using var http = new HttpClient(handler) { BaseAddress = server.Server.HttpAddress };

        async Task<HttpResponseMessage> GetAsync(string presented)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
            request.Headers.Authorization = new("Bearer", presented);
            return await http.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(key)).StatusCode);
        Assert.Equal("The API key is not valid.", await Json.ProblemAsync(await GetAsync(wrongSecret), 401));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(key)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"/api/v1/keys/{SecurityFixture.IdOf(key)}")).StatusCode);

        Assert.Equal("The API key was revoked.", await Json.ProblemAsync(await GetAsync(key), 401));
    }

    [Fact]
    public async Task Expiry_FollowsTheClock()
    {
        var key = await server.CreateKeyAsync(Role.Consumer, ["fraud-*"], server.Clock.GetUtcNow().AddMinutes(10));
        using var http = server.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/models")).StatusCode);

        server.Clock.Advance(TimeSpan.FromMinutes(11));

        var detail = await Json.ProblemAsync(await http.GetAsync("/api/v1/models"), 401);
        Assert.StartsWith("The API key expired at ", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LastActiveAdminKey_CannotBeRevoked()
    {
        var adminId = SecurityFixture.IdOf(server.AdminKey);
        var second = await server.CreateKeyAsync(Role.Admin);
        using var secondAdmin = server.CreateClient(second);

        // With two admins either may go; the survivor is then the last and stays.
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"/api/v1/keys/{SecurityFixture.IdOf(second)}")).StatusCode);
        var detail = await Json.ProblemAsync(await server.Http.DeleteAsync($"/api/v1/keys/{adminId}"), 409);

        Assert.Contains("last active admin key", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/v1/keys")).StatusCode);
    }

    [Theory]
    [InlineData("""{"role":"consumer"}""", "at least one scope")]
    [InlineData("""{"role":"consumer","scopes":["Fraud/*"]}""", "is not valid")]
    [InlineData("""{"role":"admin","scopes":["fraud-*"]}""", "take no scopes")]
    [InlineData("""{"role":"superuser","scopes":["*"]}""", "")]
    [InlineData("""{"role":3,"scopes":["*"]}""", "")]
    [InlineData("""{"scopes":["*"]}""", "role must be")]
    [InlineData("""{"role":"consumer","scopes":["*"],"expires":"2000-01-01T00:00:00Z"}""", "in the future")]
    [InlineData("""{"role":"consumer","scopes":["*"],"secret":"mine"}""", "")]
    public async Task Create_InvalidRequest_Is400(string body, string expected)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var detail = await Json.ProblemAsync(await server.Http.PostAsync("/api/v1/keys", content), 400);

        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }
}
