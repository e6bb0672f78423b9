using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Maas.Server.Hosting;

/// <summary>Where request limits (sizes, rates, timeouts, slow clients) plug into the server.</summary>
internal static class LimitsWiring
{
    /// <summary>Sets Kestrel's own limits.</summary>
    public static void ConfigureLimits(KestrelServerOptions kestrel, MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
    }

    /// <summary>Registers limit-related services.</summary>
    public static void AddMaasLimits(this IServiceCollection services, MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
    }

    /// <summary>Adds limit middleware; runs after security, before the endpoints.</summary>
    public static void UseMaasLimits(this WebApplication app) => ArgumentNullException.ThrowIfNull(app);
}
