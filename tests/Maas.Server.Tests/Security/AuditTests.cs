using System.Net;
using System.Text.Json;
using Maas.Core.Security;

namespace Maas.Server.Tests.Security;

/// <summary>The audit log over the real server: what gets recorded, with which fields, and how it is read.</summary>
public sealed class AuditTests(SecurityFixture server) : IClassFixture<SecurityFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Mutations_AreRecordedWithKeyTargetOutcomeAndAddress()
    {
        var key = await server.CreatePublisherKeyAsync("fraud-*");
        var keyId = SecurityFixture.IdOf(key);
        using var http = server.CreateClient(key);

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/models", new { name = "fraud-audited" })).StatusCode);
        using var garbage = new ByteArrayContent([1, 2, 3]);
        garbage.Headers.ContentType = new("application/octet-stream");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await http.PostAsync("/api/v1/models/fraud-audited/versions", garbage)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PutAsJsonAsync("/api/v1/models/fraud-audited/aliases/production", new { version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/v1/models/fraud-audited")).StatusCode);

        // Mutations are written before the answer goes out: no polling needed.
        var entries = await ReadAuditAsync(server, "keyId=" + keyId);

        Assert.Equal(
            [
                (AuditActions.ModelDelete, "fraud-audited", AuditOutcome.Success, "204"),
                (AuditActions.AliasSet, "fraud-audited:production", AuditOutcome.Failure, "404"),
                (AuditActions.VersionUpload, "fraud-audited", AuditOutcome.Failure, "422"),
                (AuditActions.ModelCreate, "fraud-audited", AuditOutcome.Success, "201"),
            ],
            entries.Select(e => (e.Action, e.Target, e.Outcome, e.Detail)));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.RemoteAddress));
        Assert.All(entries, e => Assert.Equal(server.Clock.GetUtcNow(), e.Time));
        Assert.True(entries.Zip(entries.Skip(1)).All(pair => pair.First.Id > pair.Second.Id), "Entries come newest first.");
    }

    [Fact]
    public async Task KeyCreateAndRevoke_AreRecordedWithTheNewKeysId()
    {
        var key = await server.CreateConsumerKeyAsync("fraud-*");
        var id = SecurityFixture.IdOf(key);
        (await server.Http.DeleteAsync($"/api/v1/keys/{id}")).EnsureSuccessStatusCode();

        var entries = await ReadAuditAsync(server, "action=key.*&limit=1000");

        Assert.Contains(entries, e => e.Action == AuditActions.KeyCreate && e.Target == id && e.KeyId == SecurityFixture.IdOf(server.AdminKey));
        Assert.Contains(entries, e => e.Action == AuditActions.KeyRevoke && e.Target == id && e.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public async Task AuthenticationFailures_AreRecordedWithTheKeyIdAndNeverTheSecret()
    {
        var key = await server.CreateConsumerKeyAsync("fraud-*");
        var id = SecurityFixture.IdOf(key);
        var wrong = key[..^6] + "ffffff";
        using (var http = server.CreateClient(wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/models")).StatusCode);
        }

        using (var anonymous = server.CreateClient(null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v2/models/fraud-a?api_key=" + key)).StatusCode);
        }

        // Failures are queued without waiting, so poll for them.
        var failures = await Poll.UntilAsync(
            () => ReadAuditAsync(server, $"action=auth.failure&keyId={id}"),
            entries => entries.Count >= 2,
            "both authentication failures are in the audit log",
            interval: TimeSpan.FromMilliseconds(20),
            describe: entries => $"{entries.Count} entries");

        Assert.Contains(failures, e => e.Detail == "wrong secret" && e.Target == "GET /api/v1/models" && e.Outcome == AuditOutcome.Failure);
        Assert.Contains(failures, e => e.Detail == "key in query string" && e.Target == "GET /v2/models/fraud-a");
        var everything = await server.Http.GetStringAsync("/api/v1/audit?limit=1000");
        Assert.DoesNotContain(key[(5 + id.Length + 1)..], everything, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong[(5 + id.Length + 1)..], everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PermissionDenied_IsRecorded()
    {
        var key = await server.CreateConsumerKeyAsync("fraud-*");
        using var http = server.CreateClient(key);

        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync("/api/v1/models", new { name = "fraud-denied" })).StatusCode);

        var denied = await Poll.UntilAsync(
            () => ReadAuditAsync(server, $"action=auth.denied&keyId={SecurityFixture.IdOf(key)}"),
            entries => entries.Count > 0,
            "the denial is in the audit log",
            interval: TimeSpan.FromMilliseconds(20));

        var entry = Assert.Single(denied);
        Assert.Equal("POST /api/v1/models", entry.Target);
        Assert.Contains("publisher", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_FiltersAndPages()
    {
        var key = await server.CreatePublisherKeyAsync("fraud-*");
        using var http = server.CreateClient(key);
        var since = server.Clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            await http.PatchAsJsonAsync($"/api/v1/models/{SecurityFixture.InScopeModel}", new { description = $"edit {i}" });
        }

        var query = $"keyId={SecurityFixture.IdOf(key)}&action=model.*&since={Uri.EscapeDataString(since.ToString("O"))}&limit=2";
        var first = await ReadPageAsync($"/api/v1/audit?{query}");
        var second = await ReadPageAsync($"/api/v1/audit?{query}&pageToken={first.NextPageToken}");
        var third = await ReadPageAsync($"/api/v1/audit?{query}&pageToken={second.NextPageToken}");
        var future = await ReadPageAsync($"/api/v1/audit?keyId={SecurityFixture.IdOf(key)}&since={Uri.EscapeDataString(since.AddHours(1).ToString("O"))}");

        Assert.Equal(2, first.Entries.Count);
        Assert.Equal(2, second.Entries.Count);
        Assert.Single(third.Entries);
        Assert.Null(third.NextPageToken);
        Assert.Equal(5, first.Entries.Concat(second.Entries).Concat(third.Entries).Select(e => e.Id).Distinct().Count());
        Assert.All(first.Entries, e => Assert.Equal(AuditActions.ModelUpdate, e.Action));
        Assert.Empty(future.Entries);
        await Json.ProblemAsync(await server.Http.GetAsync("/api/v1/audit?limit=0"), 400);
        await Json.ProblemAsync(await server.Http.GetAsync("/api/v1/audit?since=yesterday"), 400);
        await Json.ProblemAsync(await server.Http.GetAsync("/api/v1/audit?pageToken=abc"), 400);
    }

    [Fact]
    public async Task Prune_RefusesACutOffInsideTheRetention_IsAudited_AndTheSizeIsOnMetrics()
    {
        var now = server.Clock.GetUtcNow();

        var refused = await Json.ProblemAsync(await server.Http.PostAsJsonAsync("/api/v1/admin/audit/prune", new { before = now.AddDays(-10) }), 400);
        using var pruned = await server.Http.PostAsJsonAsync("/api/v1/admin/audit/prune", new { before = now.AddDays(-100) });
        var result = (await pruned.Content.ReadFromJsonAsync<AuditPruneResult>(Web))!;

        Assert.Contains("90 days", refused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, pruned.StatusCode);
        Assert.All(result.Dropped, p => Assert.True(string.CompareOrdinal(p.Month, "2026-08") < 0, p.Month));
        var audited = await ReadAuditAsync(server, "action=audit.prune");
        Assert.Contains(audited, e => e.Outcome == AuditOutcome.Failure && e.Detail == "400");
        Assert.Contains(audited, e => e.Outcome == AuditOutcome.Success && e.Target!.StartsWith("before 2026-08-15", StringComparison.Ordinal));
        Assert.NotEmpty(await ReadAuditAsync(server, "action=model.*"));

        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Matches(@"(?m)^maas_audit_log_entries [1-9]", metrics);
        Assert.Matches(@"(?m)^maas_audit_log_partitions [1-9]", metrics);
        Assert.Matches(@"(?m)^maas_audit_log_estimated_bytes [1-9]", metrics);
    }

    internal static async Task<List<AuditEntry>> ReadAuditAsync(ServerFixture server, string query) =>
        [.. (await server.Http.GetFromJsonAsync<AuditPage>("/api/v1/audit?" + query, Web))!.Entries];

    private async Task<AuditPage> ReadPageAsync(string url) => (await server.Http.GetFromJsonAsync<AuditPage>(url, Web))!;
}
