using Maas.Core.Security;
using Maas.Server.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Maas.Server.Tests.Security;

/// <summary>The audit writer never turns its own failure into the request's.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task RecordAsync_LogThatFails_ReturnsFalseWithoutThrowing()
    {
        var trail = new AuditTrail(new FailingLog(), TimeProvider.System, NullLogger<AuditTrail>.Instance);
        await trail.StartAsync(CancellationToken.None);

        var written = await trail.RecordAsync(trail.Entry("k1", AuditActions.ModelCreate, "fraud", AuditOutcome.Success, null, "201"));
        trail.Enqueue(trail.Entry(null, AuditActions.AuthenticationFailure, "GET /", AuditOutcome.Failure, null, "missing key"));
        await trail.StopAsync(CancellationToken.None);

        Assert.False(written);
    }

    [Fact]
    public async Task QueuedEntries_AreWrittenByStop()
    {
        var log = new ListLog();
        var trail = new AuditTrail(log, TimeProvider.System, NullLogger<AuditTrail>.Instance);
        await trail.StartAsync(CancellationToken.None);

        for (var i = 0; i < 100; i++)
        {
            trail.Enqueue(trail.Entry(null, AuditActions.AuthenticationFailure, "GET /" + i, AuditOutcome.Failure, null, "missing key\n\u0007"));
        }

        await trail.StopAsync(CancellationToken.None);

        Assert.Equal(100, log.Entries.Count);
        Assert.Equal("missing key??", log.Entries[0].Detail);
        Assert.True(await trail.RecordAsync(trail.Entry("k1", AuditActions.KeyCreate, "k2", AuditOutcome.Success, null, "201")), "After stop, entries are written directly.");
    }

    [Fact]
    public async Task FailedAuthentications_AreOneLinePerSourceAndInterval_AndTheRestIsWrittenAtStop()
    {
        var clock = new ManualTimeProvider();
        var log = new ListLog();
        var trail = new AuditTrail(log, clock, NullLogger<AuditTrail>.Instance);
        var failures = new FailedAuthentications(trail, Options.Create(new SecurityOptions()), clock, NullLogger<FailedAuthentications>.Instance);
        await trail.StartAsync(CancellationToken.None);
        await failures.StartAsync(CancellationToken.None);

        var start = clock.GetUtcNow();
        for (var i = 0; i < 5_000; i++)
        {
            failures.Count("10.0.0.1", "missing key", null, "GET /api/v1/models", []);
            if (i == 2_500)
            {
                clock.Advance(TimeSpan.FromSeconds(10));
            }
        }

        failures.Count("10.0.0.2", "wrong secret", "abcd", "GET /maas_abcd_0123456789ABCDEFghijklmnopqrstuv", ["abcd"]);
        Assert.Empty(log.Snapshot());

        clock.Advance(TimeSpan.FromSeconds(50));
        var written = await Poll.UntilAsync(() => Task.FromResult(log.Snapshot()), entries => entries.Count == 2, "the interval's two lines are written");
        var flood = Assert.Single(written, e => e.RemoteAddress == "10.0.0.1");
        Assert.Equal((5_000L, start, start.AddSeconds(10), "missing key"), (flood.Count, flood.FirstTime, flood.Time, flood.Detail));
        var single = Assert.Single(written, e => e.RemoteAddress == "10.0.0.2");
        Assert.Equal((1L, (DateTimeOffset?)null, "abcd", "GET /maas_abcd_***", "abcd"), (single.Count, single.FirstTime, single.KeyId, single.Target, single.LeakedKey));

        for (var i = 0; i < 3; i++)
        {
            failures.Count("10.0.0.1", "missing key", null, "GET /", []);
        }

        await failures.StopAsync(CancellationToken.None);
        await trail.StopAsync(CancellationToken.None);

        Assert.Equal(3, log.Snapshot().Count);
        Assert.Equal(3, log.Snapshot()[^1].Count);
    }

    private sealed class FailingLog : IAuditLog
    {
        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) => throw new IOException("disk full");

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditPruneResult> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditLogUsage> GetUsageAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class ListLog : IAuditLog
    {
        public List<AuditEntry> Entries { get; } = [];

        public List<AuditEntry> Snapshot()
        {
            lock (Entries)
            {
                return [.. Entries];
            }
        }

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            lock (Entries)
            {
                Entries.AddRange(entries);
            }

            return Task.CompletedTask;
        }

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditPruneResult> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditLogUsage> GetUsageAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
