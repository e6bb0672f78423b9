using Maas.Core.Security;

namespace Maas.Storage.Tests.Contracts;

/// <summary>The audit log, as every implementation of <see cref="Core.Security.IAuditLog"/> must keep it.</summary>
public abstract class AuditLogContract : StoreContract
{
    [Fact]
    public async Task Append_ThenQuery_NewestFirstWithEveryField()
    {
        await Audit.AppendAsync([Entry("model.create", "k1", Start), Entry("auth.failure", null, Start.AddSeconds(1)) with { Detail = "unknown key", RemoteAddress = "::1", Target = null, Outcome = AuditOutcome.Failure }], None);

        var page = await Audit.QueryAsync(new AuditQuery(), None);

        Assert.Equal(["auth.failure", "model.create"], page.Entries.Select(e => e.Action));
        Assert.Null(page.NextPageToken);
        var failure = page.Entries[0];
        Assert.True(failure.Id > page.Entries[1].Id);
        Assert.Equal(Start.AddSeconds(1), failure.Time);
        Assert.Null(failure.KeyId);
        Assert.Null(failure.Target);
        Assert.Equal(AuditOutcome.Failure, failure.Outcome);
        Assert.Equal("::1", failure.RemoteAddress);
        Assert.Equal("unknown key", failure.Detail);
        Assert.Equal(("k1", "fraud", AuditOutcome.Success), (page.Entries[1].KeyId, page.Entries[1].Target, page.Entries[1].Outcome));
    }

    [Fact]
    public async Task Append_AggregatedAndLeakedFields_RoundTrip()
    {
        var aggregated = Entry("auth.failure", null, Start.AddMinutes(1)) with { Count = 20_000, FirstTime = Start, LeakedKey = "abcd,efgh" };
        await Audit.AppendAsync([aggregated, Entry("model.create", "k1", Start.AddMinutes(2))], None);

        var page = await Audit.QueryAsync(new AuditQuery(), None);

        Assert.Equal((1L, null, null), (page.Entries[0].Count, page.Entries[0].FirstTime, page.Entries[0].LeakedKey));
        Assert.Equal((20_000L, Start, "abcd,efgh"), (page.Entries[1].Count, page.Entries[1].FirstTime, page.Entries[1].LeakedKey));
    }

    [Fact]
    public async Task Query_FiltersByActionPrefixKeyAndTime_AndPages()
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < 10; i++)
        {
            entries.Add(Entry(i % 2 == 0 ? "model.create" : "model.delete", i < 5 ? "k1" : "k2", Start.AddMinutes(i)));
        }

        entries.Add(Entry("modelx.other", "k1", Start.AddMinutes(20)));
        await Audit.AppendAsync(entries, None);

        Assert.Equal(5, (await Audit.QueryAsync(new AuditQuery(Action: "model.create"), None)).Entries.Count);
        Assert.Equal(10, (await Audit.QueryAsync(new AuditQuery(Action: "model.*"), None)).Entries.Count);
        Assert.Equal(11, (await Audit.QueryAsync(new AuditQuery(Action: "*"), None)).Entries.Count);
        Assert.Equal(6, (await Audit.QueryAsync(new AuditQuery(KeyId: "k1"), None)).Entries.Count);
        Assert.Equal(4, (await Audit.QueryAsync(new AuditQuery(Since: Start.AddMinutes(7)), None)).Entries.Count);
        Assert.Equal(2, (await Audit.QueryAsync(new AuditQuery(Action: "model.delete", KeyId: "k2", Since: Start.AddMinutes(6)), None)).Entries.Count);

        var first = await Audit.QueryAsync(new AuditQuery(KeyId: "k2", Limit: 3), None);
        var second = await Audit.QueryAsync(new AuditQuery(KeyId: "k2", Limit: 3, Before: long.Parse(first.NextPageToken!, System.Globalization.CultureInfo.InvariantCulture)), None);
        Assert.Equal(3, first.Entries.Count);
        Assert.Equal(2, second.Entries.Count);
        Assert.Null(second.NextPageToken);
        Assert.Empty(first.Entries.Select(e => e.Id).Intersect(second.Entries.Select(e => e.Id)));
    }

    internal static AuditEntry Entry(string action, string? keyId, DateTimeOffset time) =>
        new(0, time, keyId, action, "fraud", AuditOutcome.Success, "127.0.0.1", "201");
}
