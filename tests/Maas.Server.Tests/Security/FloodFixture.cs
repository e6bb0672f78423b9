using Maas.Server.Security;

namespace Maas.Server.Tests.Security;

/// <summary>
/// A server whose clock moves only by hand, timers included, so a test decides when an interval of failed
/// authentications ends; an address may fail 100 times at once and then once a second.
/// </summary>
public sealed class FloodFixture : ServerFixture
{
    public FloodFixture()
    {
        ServerClock = Clock;
        Configure<SecurityOptions>(o =>
        {
            o.FailedAuthenticationBurstPerAddress = 100;
            o.FailedAuthenticationsPerSecondPerAddress = 1;
        });
    }

    internal ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero));

    /// <summary>Ends the interval of failed authentications, which writes them, and refills every address's bucket.</summary>
    public void EndInterval() => Clock.Advance(new SecurityOptions().AuthenticationFailureAuditInterval + TimeSpan.FromMinutes(5));
}
