using Microsoft.Extensions.Logging;

namespace Maas.Server.Tests.Security;

/// <summary>A server that logs everything, down to Trace, into <see cref="Log"/>.</summary>
public sealed class LoggedFixture : ServerFixture
{
    internal CapturingLoggerProvider Log { get; } = new();

    internal override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(Log);
    }
}
