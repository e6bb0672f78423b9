using Maas.Server.Security;
using Microsoft.Extensions.Logging;

namespace Maas.Server.Tests.Security;

/// <summary>A server that logs everything into <see cref="Log"/> and writes failed authentications after 100 ms.</summary>
public sealed class LeakFixture : ServerFixture
{
    public LeakFixture() => Configure<SecurityOptions>(o => o.AuthenticationFailureAuditInterval = TimeSpan.FromMilliseconds(100));

    internal CapturingLoggerProvider Log { get; } = new();

    internal override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(Log);
    }
}
