namespace Maas.Server.Security;

/// <summary>Where authentication, authorisation, audit and per-key rate limits plug into the server.</summary>
internal static class SecurityWiring
{
    /// <summary>Registers the security services; <see cref="SecurityOptionsValidator"/> has checked their options.</summary>
    public static void AddMaasSecurity(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // ASP.NET Core's per-request lines print the whole URL, query string included; a key someone pasted into a URL
        // (refused, see KeyAuthenticator.CheckQuery) must not reach the log through them.
        services.Configure<LoggerFilterOptions>(filters => filters.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));

        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", OpenApiSecurity.Describe);
        services.AddSingleton<KeyService>();
        services.AddSingleton<KeyAuthenticator>();
        services.AddSingleton<KeyRateLimiter>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<GrpcAccessInterceptor>();
    }

    /// <summary>Adds the security middleware; runs after error handling and before the endpoints.</summary>
    public static void UseMaasSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<AccessMiddleware>();
    }

    /// <summary>One-time start-up work before the server accepts requests: the first admin key.</summary>
    public static Task InitializeSecurityAsync(IServiceProvider services, string dataDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        return AdminKeyBootstrap.RunAsync(services, dataDirectory, cancellationToken);
    }
}
