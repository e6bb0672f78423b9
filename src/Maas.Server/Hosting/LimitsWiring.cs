using Maas.Server.Protocol;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Maas.Server.Hosting;

/// <summary>
/// Where request limits plug into the server: Kestrel's own (body size, header size, slow clients), the codecs'
/// (<see cref="InferenceLimits"/>), the inference timeout, the JSON depth of management bodies and the shutdown
/// grace period. Every value comes from <see cref="MaasServerOptions"/>, validated by <see cref="LimitsValidator"/> at
/// the very start of <see cref="MaasServer.StartAsync"/>.
/// </summary>
internal static class LimitsWiring
{
    /// <summary>Sets Kestrel's limits. The body limit set here is the management one; inference and uploads raise it per request.</summary>
    public static void ConfigureLimits(KestrelServerOptions kestrel, MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = options.MaxManagementBodyBytes;
        limits.MaxRequestHeadersTotalSize = options.MaxRequestHeaderBytes;

        // Kestrel's defaults already are 240 B/s after 5 s; setting them here makes them visible and configurable.
        // A rate of 0 turns the check off, as Kestrel's null does.
        var rate = options.MinDataRateBytesPerSecond > 0
            ? new MinDataRate(options.MinDataRateBytesPerSecond, options.MinDataRateGracePeriod)
            : null;
        limits.MinRequestBodyDataRate = rate;
        limits.MinResponseDataRate = rate;
    }

    /// <summary>Registers what enforces the limits; <see cref="LimitsValidator"/> has checked them when the start began.</summary>
    public static void AddMaasLimits(this IServiceCollection services, MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

        // Management bodies are small flat objects; the codecs apply the same depth to inference JSON.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.MaxDepth = options.MaxJsonDepth);
    }

    /// <summary>Adds the limit middleware; runs after error handling and security, before the endpoints.</summary>
    public static void UseMaasLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLimitsMiddleware>();
    }

    /// <summary>The codecs' limits for these options.</summary>
    public static InferenceLimits InferenceLimitsFor(MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return InferenceLimits.Default with
        {
            MaxBodyBytes = options.MaxInferenceBodyBytes,
            MaxElements = options.MaxTensorElements,
            MaxRank = options.MaxTensorRank,
            MaxJsonDepth = options.MaxJsonDepth,
        };
    }
}
