using System.Threading.Channels;
using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>
/// Writes audit entries through one background writer, many per transaction. A mutation waits until its entry is
/// durable before the client hears the answer; authentication failures do not wait, and are dropped (and counted in
/// the log) when the queue is full, so a flood of bad keys costs one batched write, not one fsync each.
/// </summary>
/// <remarks>
/// Nothing here throws into a request: an entry that cannot be written is reported in the server log, and the
/// request's own outcome stands, whichever it was.
/// </remarks>
internal sealed partial class AuditTrail(IAuditLog log, TimeProvider clock, ILogger<AuditTrail> logger) : IHostedService
{
    private const int Capacity = 10_000;
    private const int BatchSize = 512;
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromMinutes(1);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private Task _writer = Task.CompletedTask;
    private long _dropped;
    private long _lastDropReport;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking entries and writes those already queued.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        // Past the shutdown grace the host stops waiting rather than failing the exit; entries still queued then
        // are lost, as they would be if the process were killed.
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// A new entry stamped with the server clock's time. Every key in <paramref name="target"/> and
    /// <paramref name="detail"/> is written as <c>maas_&lt;id&gt;_***</c> (<see cref="KeyRedactor"/>), and its id, with
    /// those in <paramref name="leaked"/>, is flagged in <see cref="AuditEntry.LeakedKey"/>.
    /// </summary>
    public AuditEntry Entry(
        string? keyId, string action, string? target, AuditOutcome outcome, string? remoteAddress, string? detail, IEnumerable<string>? leaked = null)
    {
        var ids = new SortedSet<string>(leaked ?? [], StringComparer.Ordinal);
        var redactedTarget = Clip(KeyRedactor.Redact(target, ids));
        var redactedDetail = Clip(KeyRedactor.Redact(detail, ids));
        return new(0, clock.GetUtcNow().ToUniversalTime(), keyId, action, redactedTarget, outcome, remoteAddress, redactedDetail)
        {
            LeakedKey = ids.Count == 0 ? null : Clip(string.Join(',', ids)),
        };
    }

    /// <summary>Queues <paramref name="entry"/> and waits until it is written; <c>false</c> when it could not be.</summary>
    public async Task<bool> RecordAsync(AuditEntry entry)
    {
        var pending = new Pending(entry, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending);
        }
        catch (ChannelClosedException)
        {
            // Shutting down: the writer is gone, so write this one directly.
            return await WriteAsync([pending]);
        }

        return await pending.Done!.Task;
    }

    /// <summary>Queues <paramref name="entry"/> without waiting; drops it when the queue is full.</summary>
    public void Enqueue(AuditEntry entry)
    {
        if (_queue.Writer.TryWrite(new Pending(entry, null)))
        {
            return;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropReport);
        if ((last == 0 || clock.GetElapsedTime(last, now) >= DropReportInterval)
            && Interlocked.CompareExchange(ref _lastDropReport, now, last) == last)
        {
            LogDropped(logger, dropped);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(BatchSize);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < BatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteAsync(batch);
            batch.Clear();
        }
    }

    private async Task<bool> WriteAsync(List<Pending> batch)
    {
        var written = true;
        try
        {
            await log.AppendAsync(batch.ConvertAll(p => p.Entry), CancellationToken.None);
        }
        catch (Exception exception)
        {
            written = false;
            LogWriteFailed(logger, exception, batch.Count, string.Join(", ", batch.Select(p => p.Entry.Action).Distinct()));
        }

        foreach (var pending in batch)
        {
            pending.Done?.TrySetResult(written);
        }

        return written;
    }

    // Targets and details can carry pieces of a hostile request (a path); keep them short and printable.
    private static string? Clip(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var clipped = text.Length > 256 ? text[..256] + "…" : text;
        return string.Concat(clipped.Select(c => char.IsControl(c) ? '?' : c));
    }

    [LoggerMessage(EventId = 4310, Level = LogLevel.Error, Message = "Could not write {Count} audit entries ({Actions}); the requests' outcomes stand")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string actions);

    [LoggerMessage(EventId = 4311, Level = LogLevel.Warning, Message = "The audit queue is full; {Dropped} authentication-failure entries dropped so far")]
    private static partial void LogDropped(ILogger logger, long dropped);

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource<bool>? Done);
}
