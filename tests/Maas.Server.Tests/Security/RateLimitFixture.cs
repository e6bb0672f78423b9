using Maas.Server.Security;

namespace Maas.Server.Tests.Security;

/// <summary>A server whose keys may make 2 requests a second after a burst of 3, on a clock the tests move.</summary>
public sealed class RateLimitFixture : ServerFixture
{
    public RateLimitFixture()
    {
        EnableGrpc = true;
        ServerClock = Clock;
        Configure<SecurityOptions>(o =>
        {
            o.RequestsPerSecondPerKey = 2;
            o.RequestBurstPerKey = 3;
        });
    }

    internal ManualTimeProvider Clock { get; } = SecurityFixture.NewServerClock();

    /// <summary>Lets every bucket fill up again (the admin key's too, which the fixture's helpers spend).</summary>
    public void Refill() => Clock.Advance(TimeSpan.FromMinutes(1));
}
