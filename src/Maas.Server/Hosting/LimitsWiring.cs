using Maas.Server.Inference.Protocol;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Maas.Server.Hosting;

/// <summary>
/// Where request limits plug into the server: Kestrel's own (body size, header size, slow clients), the codecs'
/// (<see cref="InferenceLimits"/>), the inference timeout, the JSON depth of management bodies and the shutdown
/// grace period. Every value comes from <see cref="LimitsOptions"/> or <see cref="HostingOptions"/>, which their
/// validators have checked before the server touched the disk.
/// </summary>
internal static class LimitsWiring
{
    /// <summary>Registers what enforces the limits.</summary>
    public static void AddMaasLimits(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) => ConfigureLimits(kestrel, limits.Value));
        services.AddOptions<HostOptions>().Configure<IOptions<HostingOptions>>((host, hosting) => host.ShutdownTimeout = hosting.Value.ShutdownTimeout);

        // Management bodies are small flat objects; the codecs apply the same depth to inference JSON.
        services.AddOptions<JsonOptions>().Configure<IOptions<LimitsOptions>>((json, limits) => json.SerializerOptions.MaxDepth = limits.Value.MaxJsonDepth);
        services.AddSingleton(sp => InferenceLimitsFor(sp.GetRequiredService<IOptions<LimitsOptions>>().Value));
    }

    /// <summary>Adds the limit middleware; runs after error handling and security, before the endpoints.</summary>
    public static void UseMaasLimits(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLimitsMiddleware>();
    }

    /// <summary>The codecs' limits for these options.</summary>
    public static InferenceLimits InferenceLimitsFor(LimitsOptions options)
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

    /// <summary>Sets Kestrel's limits. The body limit set here is the management one; inference and uploads raise it per request.</summary>
    private static void ConfigureLimits(KestrelServerOptions kestrel, LimitsOptions options)
    {
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

        // Connections and HTTP/2 streams: an anonymous call is refused at its headers and its stream reset, so what
        // it can make the server hold is its headers and, for the moment until then, the data the windows let through.
        limits.MaxConcurrentConnections = options.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = 0; // no endpoint upgrades a connection (no WebSockets)
        limits.Http2.MaxStreamsPerConnection = options.MaxStreamsPerConnection;
        limits.Http2.InitialConnectionWindowSize = options.Http2ConnectionWindowBytes;
        limits.Http2.InitialStreamWindowSize = options.Http2StreamWindowBytes;
    }
}
