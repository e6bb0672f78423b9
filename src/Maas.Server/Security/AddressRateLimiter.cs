using Microsoft.Extensions.Options;

namespace Maas.Server.Security;

/// <summary>
/// A token bucket per remote address for failed authentications: each failure spends a token
/// (<see cref="SecurityOptions.FailedAuthenticationBurstPerAddress"/> at once, then
/// <see cref="SecurityOptions.FailedAuthenticationsPerSecondPerAddress"/> a second); while an address has none, every
/// request of it that needs a key is refused with 429 before the key is looked up or its secret hashed.
/// </summary>
/// <remarks>
/// A valid key spends nothing, so a client that authenticates is never slowed by this; a client behind the same address
/// as a flood of bad keys is, until the flood stops. At most <see cref="MaxAddresses"/> buckets are held: past that,
/// buckets that have refilled are forgotten.
/// </remarks>
internal sealed class AddressRateLimiter(IOptions<SecurityOptions> options, TimeProvider clock)
{
    /// <summary>The number of addresses tracked before refilled buckets are forgotten.</summary>
    public const int MaxAddresses = 100_000;

    private readonly TokenBuckets _buckets = new(options.Value.FailedAuthenticationsPerSecondPerAddress, options.Value.FailedAuthenticationBurstPerAddress, clock, MaxAddresses);

    /// <summary>Whether <paramref name="address"/> may try a key now; when not, how long until it may in <paramref name="retryAfter"/>.</summary>
    public bool MayTry(string? address, out TimeSpan retryAfter) => _buckets.HasToken(address ?? string.Empty, out retryAfter);

    /// <summary>Counts one failed authentication against <paramref name="address"/>.</summary>
    public void Failed(string? address) => _buckets.TryTake(address ?? string.Empty, out _);
}
