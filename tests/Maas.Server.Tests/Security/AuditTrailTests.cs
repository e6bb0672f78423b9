using Maas.Core.Security;
using Maas.Server.Security;
using Microsoft.Extensions.Logging.Abstractions;

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

    private sealed class FailingLog : IAuditLog
    {
        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken) => throw new IOException("disk full");

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class ListLog : IAuditLog
    {
        public List<AuditEntry> Entries { get; } = [];

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            lock (Entries)
            {
                Entries.AddRange(entries);
            }

            return Task.CompletedTask;
        }

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
