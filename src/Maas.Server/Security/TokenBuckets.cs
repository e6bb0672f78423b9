using System.Collections.Concurrent;

namespace Maas.Server.Security;

/// <summary>
/// A token bucket per name, on the server's clock: a name may spend <c>burst</c> tokens at once, and then
/// <c>ratePerSecond</c> come back each second. A rate of 0 means no limit.
/// </summary>
/// <remarks>
/// With <c>maxBuckets</c>, adding a bucket past that number first forgets every bucket that has refilled to the full
/// burst (forgetting one is the same as keeping it), so names that come and go do not pile up.
/// </remarks>
internal sealed class TokenBuckets(double ratePerSecond, int burst, TimeProvider clock, int maxBuckets = int.MaxValue)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly int _burst = Math.Max(1, burst);

    /// <summary>Whether the limit is on.</summary>
    public bool Enabled => ratePerSecond > 0;

    /// <summary>How many buckets are held.</summary>
    public int Count => _buckets.Count;

    /// <summary>Takes a token; <c>false</c> when there is none, with the time until one is back in <paramref name="retryAfter"/>.</summary>
    public bool TryTake(string name, out TimeSpan retryAfter) => Use(name, take: true, out retryAfter);

    /// <summary>Whether a token is there, without taking it.</summary>
    public bool HasToken(string name, out TimeSpan retryAfter) => Use(name, take: false, out retryAfter);

    private bool Use(string name, bool take, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!Enabled)
        {
            return true;
        }

        var now = clock.GetTimestamp();
        if (!_buckets.TryGetValue(name, out var bucket))
        {
            if (!take)
            {
                return true;
            }

            if (_buckets.Count >= maxBuckets)
            {
                ForgetFull(now);
            }

            bucket = _buckets.GetOrAdd(name, static (_, state) => new Bucket(state.Burst, state.Now), (Burst: _burst, Now: now));
        }

        lock (bucket)
        {
            Refill(bucket, now);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= take ? 1 : 0;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / ratePerSecond);
            return false;
        }
    }

    private void Refill(Bucket bucket, long now)
    {
        var elapsed = clock.GetElapsedTime(bucket.Stamp, now).TotalSeconds;
        if (elapsed > 0)
        {
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + (elapsed * ratePerSecond));
            bucket.Stamp = now;
        }
    }

    private void ForgetFull(long now)
    {
        foreach (var (name, bucket) in _buckets)
        {
            lock (bucket)
            {
                Refill(bucket, now);
                if (bucket.Tokens >= _burst)
                {
                    _buckets.TryRemove(name, out _);
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
