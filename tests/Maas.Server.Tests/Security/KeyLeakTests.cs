using System.Net;
using System.Text;
using Maas.Core.Security;

namespace Maas.Server.Tests.Security;

/// <summary>
/// A whole key that shows up where it must not — in a path, a header that is not the credential, a request body — is
/// recorded as <c>maas_&lt;id&gt;_***</c> and its id flagged as leaked in the audit entry, and its secret reaches
/// neither the audit log (read through the API or from the raw database file) nor the server log.
/// </summary>
public sealed class KeyLeakTests(LeakFixture server) : IClassFixture<LeakFixture>
{
    [Fact]
    public async Task KeyInPathHeaderOrBody_IsRedactedAndFlaggedAsLeaked()
    {
        var inPath = await server.CreateKeyAsync(Role.Consumer, ["*"]);
        var inHeader = await server.CreateKeyAsync(Role.Consumer, ["*"]);
        var inBody = await server.CreateKeyAsync(Role.Consumer, ["*"]);
        var (pathId, headerId, bodyId) = (SecurityFixture.IdOf(inPath), SecurityFixture.IdOf(inHeader), SecurityFixture.IdOf(inBody));

        using (var anonymous = server.CreateClient(null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/models/{inPath}/versions")).StatusCode);
        }

        using (await server.Http.DeleteAsync($"/api/v1/models/{inPath}"))
        {
        }

        using var withHeaders = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models") { Content = JsonContent.Create(new { name = "leak-header" }) };
        withHeaders.Headers.TryAddWithoutValidation("User-Agent", "deploy-script/1.0 " + inHeader);
        withHeaders.Headers.TryAddWithoutValidation("X-Debug-Token", inHeader);
        Assert.Equal(HttpStatusCode.Created, (await server.Http.SendAsync(withHeaders)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await server.Http.PostAsJsonAsync("/api/v1/models", new { name = "leak-body", description = "call it with " + inBody + " please" })).StatusCode);

        var entries = await Poll.UntilAsync(
            () => AuditTests.ReadAuditAsync(server, "limit=1000"),
            all => all.Any(e => e.Action == AuditActions.AuthenticationFailure),
            "the failed authentication is written",
            interval: TimeSpan.FromMilliseconds(20));

        var failure = Assert.Single(entries, e => e.Action == AuditActions.AuthenticationFailure);
        Assert.Equal(($"GET /api/v1/models/maas_{pathId}_***/versions", pathId), (failure.Target, failure.LeakedKey));
        var delete = Assert.Single(entries, e => e.Action == AuditActions.ModelDelete);
        Assert.Equal(($"maas_{pathId}_***", pathId), (delete.Target, delete.LeakedKey));
        Assert.Equal(headerId, Assert.Single(entries, e => e.Target == "leak-header").LeakedKey);
        Assert.Equal(bodyId, Assert.Single(entries, e => e.Target == "leak-body").LeakedKey);
        Assert.All(entries.Where(e => e.Action == AuditActions.KeyCreate), e => Assert.Null(e.LeakedKey));

        var secrets = new[] { inPath, inHeader, inBody }.Select(k => k[(k.IndexOf('_', 5) + 1)..]).ToList();
        var audit = await server.Http.GetStringAsync("/api/v1/audit?limit=1000");
        var raw = RawDatabase();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            var logged = server.Log.Lines.FirstOrDefault(line => line.Contains(secret[..16], StringComparison.Ordinal));
            Assert.True(logged is null, $"A secret is in the server log: {logged}");
        }

        // The registry keeps a model's description as given (it is the caller's data, shown back to them), so only
        // the keys that appeared in a path or a header are searched for in the whole file.
        Assert.DoesNotContain(secrets[0], raw, StringComparison.Ordinal);
        Assert.DoesNotContain(secrets[1], raw, StringComparison.Ordinal);
    }

    private string RawDatabase()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(server.DataDirectory, "maas.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }
}
