using Microsoft.Extensions.Options;

namespace Maas.Server.Security;

/// <summary>
/// A token bucket per API key: a key may make <see cref="SecurityOptions.RequestBurstPerKey"/> requests at once,
/// and then <see cref="SecurityOptions.RequestsPerSecondPerKey"/> per second on average, on the server's clock.
/// </summary>
/// <remarks>Buckets exist only for keys that authenticated, so their number is bounded by the number of keys.</remarks>
internal sealed class KeyRateLimiter(IOptions<SecurityOptions> options, TimeProvider clock)
{
    private readonly TokenBuckets _buckets = new(options.Value.RequestsPerSecondPerKey, options.Value.RequestBurstPerKey, clock);

    /// <summary>
    /// Takes one request's token from the key's bucket; <c>false</c> when it is empty, with how long until a token is
    /// back in <paramref name="retryAfter"/>.
    /// </summary>
    public bool TryAcquire(string keyId, out TimeSpan retryAfter) => _buckets.TryTake(keyId, out retryAfter);
}
