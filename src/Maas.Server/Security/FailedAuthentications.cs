using Maas.Core.Security;
using Microsoft.Extensions.Options;

namespace Maas.Server.Security;

/// <summary>
/// Counts failed authentications in memory and writes them as one audit line per remote address, reason and leaked
/// key per interval (<see cref="SecurityOptions.AuthenticationFailureAuditInterval"/>), with the count and the first
/// and last time: a flood of keyless requests costs a few lines an interval, not one each. The lines are written
/// when the interval ends, on the server's clock, and at shutdown.
/// </summary>
/// <remarks>
/// At most <see cref="MaxSources"/> sources are told apart in one interval; failures from further sources are counted
/// on one line without an address, so neither memory nor the log grows with the number of addresses a flood uses.
/// </remarks>
internal sealed partial class FailedAuthentications(AuditTrail audit, IOptions<SecurityOptions> options, TimeProvider clock, ILogger<FailedAuthentications> logger)
    : IHostedService, IDisposable
{
    /// <summary>How many sources one interval tells apart.</summary>
    public const int MaxSources = 10_000;

    /// <summary>The reason of an attempt refused because its address failed too often (<see cref="AddressRateLimiter"/>).</summary>
    public const string OverRate = "over the failed-authentication rate of its address";

    private const string ManySources = " (one of more sources than an interval tells apart)";

    private readonly Lock _lock = new();
    private Dictionary<Source, Tally> _tallies = [];
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.AuthenticationFailureAuditInterval;
        _timer = clock.CreateTimer(static state => ((FailedAuthentications)state!).Flush(), this, interval, interval);
        return Task.CompletedTask;
    }

    /// <summary>Writes what was counted; the audit trail, which stops after this, writes it out.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        Flush();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>Counts one failure of <paramref name="reason"/> from <paramref name="remoteAddress"/>.</summary>
    /// <param name="remoteAddress">The client's address, or <c>null</c> when unknown.</param>
    /// <param name="reason">Why it failed, such as <c>missing key</c>.</param>
    /// <param name="keyId">The key id the attempt named, if any.</param>
    /// <param name="target">The request line; the first of the interval is kept (redacted when written).</param>
    /// <param name="leaked">The ids of keys the request carried where a key must not be.</param>
    public void Count(string? remoteAddress, string reason, string? keyId, string target, IReadOnlyList<string> leaked)
    {
        var now = clock.GetUtcNow();
        var source = new Source(remoteAddress, reason, leaked.Count == 0 ? null : string.Join(',', leaked));
        lock (_lock)
        {
            if (!_tallies.TryGetValue(source, out var tally))
            {
                if (_tallies.Count >= MaxSources)
                {
                    source = new Source(null, reason + ManySources, null);
                }

                tally = _tallies.GetValueOrDefault(source) ?? new Tally(now, keyId, target);
                _tallies[source] = tally;
            }

            tally.Add(now, keyId);
        }
    }

    /// <summary>Writes one line per source counted since the last flush.</summary>
    public void Flush()
    {
        Dictionary<Source, Tally> tallies;
        lock (_lock)
        {
            if (_tallies.Count == 0)
            {
                return;
            }

            (tallies, _tallies) = (_tallies, []);
        }

        foreach (var (source, tally) in tallies)
        {
            var leaked = source.Leaked?.Split(',');
            var entry = audit.Entry(tally.KeyId, AuditActions.AuthenticationFailure, tally.Target, AuditOutcome.Failure, source.RemoteAddress, source.Reason, leaked);
            audit.Enqueue(entry with { Time = tally.Last, Count = tally.Count, FirstTime = tally.Count > 1 ? tally.First : null });
            LogFailures(logger, tally.Count, source.RemoteAddress ?? "-", source.Reason, tally.First, tally.Last);
        }
    }

    [LoggerMessage(EventId = 4330, Level = LogLevel.Information, Message = "{Count} failed authentications from {RemoteAddress} ({Reason}) between {First:O} and {Last:O}")]
    private static partial void LogFailures(ILogger logger, long count, string remoteAddress, string reason, DateTimeOffset first, DateTimeOffset last);

    private sealed record Source(string? RemoteAddress, string Reason, string? Leaked);

    private sealed class Tally(DateTimeOffset first, string? keyId, string target)
    {
        private bool _severalKeys;

        public DateTimeOffset First { get; } = first;

        public DateTimeOffset Last { get; private set; } = first;

        public long Count { get; private set; }

        public string Target { get; } = target;

        /// <summary>The key id every attempt named, or <c>null</c> when they named none or different ones.</summary>
        public string? KeyId { get; private set; } = keyId;

        public void Add(DateTimeOffset time, string? keyId)
        {
            Count++;
            Last = time > Last ? time : Last;
            if (!_severalKeys && !string.Equals(keyId, KeyId, StringComparison.Ordinal))
            {
                (_severalKeys, KeyId) = (true, null);
            }
        }
    }
}
