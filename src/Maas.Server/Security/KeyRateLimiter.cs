using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Maas.Server.Security;

/// <summary>
/// A token bucket per API key: a key may make <see cref="SecurityOptions.RequestBurstPerKey"/> requests at once,
/// and then <see cref="SecurityOptions.RequestsPerSecondPerKey"/> per second on average, on the server's clock.
/// </summary>
/// <remarks>Buckets exist only for keys that authenticated, so their number is bounded by the number of keys.</remarks>
internal sealed class KeyRateLimiter(IOptions<SecurityOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _rate = options.Value.RequestsPerSecondPerKey;
    private readonly int _burst = Math.Max(1, options.Value.RequestBurstPerKey);

    /// <summary>
    /// Takes one request's token from the key's bucket; <c>false</c> when it is empty, with how long until a token is
    /// back in <paramref name="retryAfter"/>.
    /// </summary>
    public bool TryAcquire(string keyId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var rate = _rate;
        if (rate <= 0)
        {
            return true;
        }

        var burst = _burst;
        var now = clock.GetTimestamp();
        var bucket = _buckets.GetOrAdd(keyId, static (_, state) => new Bucket(state.Burst, state.Now), (Burst: burst, Now: now));
        lock (bucket)
        {
            var elapsed = clock.GetElapsedTime(bucket.Stamp, now).TotalSeconds;
            if (elapsed > 0)
            {
                bucket.Tokens = Math.Min(burst, bucket.Tokens + (elapsed * rate));
                bucket.Stamp = now;
            }

            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / rate);
            return false;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
