using System.Net;
using System.Text;
using Maas.Client;
using Maas.Core.Security;

namespace Maas.Cli.Tests;

/// <summary>The client's key and audit calls against a stub handler: paths, bodies, query strings and answers.</summary>
public sealed class MaasClientSecurityTests
{
    private static readonly Uri Server = new("http://127.0.0.1:8000");

    [Fact]
    public async Task CreateKey_PostsRoleScopesAndExpiry_AndReadsTheKey()
    {
        using var handler = new StubHandler(_ => Json(HttpStatusCode.Created, """
            {"key":"maas_3f2a9c0d1b2e4f60_00","id":"3f2a9c0d1b2e4f60","role":"consumer","scopes":["fraud-*"],
             "description":"","created":"2026-11-23T16:00:00+00:00","expires":null}
            """));
        using var client = new MaasClient(Server, "admin", handler);

        var created = await client.CreateKeyAsync(new CreateKeyRequest(Role.Consumer, ["fraud-*"], new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/v1/keys", request.RequestUri!.AbsolutePath);
        Assert.Equal("""{"role":"consumer","scopes":["fraud-*"],"expires":"2026-12-01T00:00:00+00:00"}""", Encoding.UTF8.GetString(handler.Bodies[0]));
        Assert.Equal(Role.Consumer, created.Role);
        Assert.Equal("maas_3f2a9c0d1b2e4f60_00", created.Key);
        Assert.DoesNotContain(created.Key, created.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndRevoke_UseTheKeysPaths()
    {
        using var handler = new StubHandler(request => request.Method == HttpMethod.Delete
            ? new HttpResponseMessage(HttpStatusCode.NoContent)
            : Json(HttpStatusCode.OK, """{"keys":[{"id":"abcd","role":"admin","scopes":["*"],"description":"","created":"2026-11-23T16:00:00+00:00","expires":null,"revoked":null}]}"""));
        using var client = new MaasClient(Server, "admin", handler);

        var keys = await client.ListKeysAsync();
        await client.RevokeKeyAsync("ab/cd");

        Assert.Equal(Role.Admin, Assert.Single(keys).Role);
        Assert.Equal("/api/v1/keys/ab%2Fcd", handler.Requests[1].RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task GetAudit_PutsEveryFilterInTheQuery()
    {
        using var handler = new StubHandler(_ => Json(HttpStatusCode.OK, """
            {"entries":[{"id":7,"time":"2026-11-23T16:00:00+00:00","keyId":null,"action":"auth.failure","target":"GET /","outcome":"failure","remoteAddress":"::1","detail":"missing key"}],"nextPageToken":"7"}
            """));
        using var client = new MaasClient(Server, "admin", handler);

        var page = await client.GetAuditAsync(new AuditQuery("auth.*", "k 1", new DateTimeOffset(2026, 11, 23, 17, 0, 0, TimeSpan.FromHours(1)), 5, 9));

        Assert.Equal(
            "/api/v1/audit?limit=5&action=auth.%2A&keyId=k%201&since=2026-11-23T16%3A00%3A00.0000000%2B00%3A00&pageToken=9",
            Assert.Single(handler.Requests).RequestUri!.PathAndQuery);
        Assert.Equal(AuditOutcome.Failure, Assert.Single(page.Entries).Outcome);
        Assert.Equal("7", page.NextPageToken);
    }

    [Fact]
    public async Task PruneAudit_PostsTheCutOff_AndReadsTheDroppedMonths()
    {
        using var handler = new StubHandler(_ => Json(HttpStatusCode.OK, """
            {"before":"2026-05-01T00:00:00+00:00","dropped":[{"month":"2026-01","entries":12}]}
            """));
        using var client = new MaasClient(Server, "admin", handler);

        var result = await client.PruneAuditAsync(new DateTimeOffset(2026, 5, 1, 2, 0, 0, TimeSpan.FromHours(2)));

        var request = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Post, "/api/v1/admin/audit/prune"), (request.Method, request.RequestUri!.AbsolutePath));
        Assert.Equal("""{"before":"2026-05-01T00:00:00+00:00"}""", Encoding.UTF8.GetString(handler.Bodies[0]));
        Assert.Equal(("2026-01", 12L), (Assert.Single(result.Dropped).Month, result.Dropped[0].Entries));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
