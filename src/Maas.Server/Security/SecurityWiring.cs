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
        // Its request scope carries the path too, and a key pasted into a path must not reach a log that records scopes;
        // routing's Debug lines print the path as well.
        services.Configure<LoggerFilterOptions>(filters =>
        {
            filters.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
            filters.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Information);
        });

        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", OpenApiSecurity.Describe);
        services.AddSingleton<KeyService>();
        services.AddSingleton<KeyAuthenticator>();
        services.AddSingleton<KeyRateLimiter>();
        services.AddSingleton<AddressRateLimiter>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());

        // Registered after the audit trail, so it stops first and its last counts are written by the trail's stop.
        services.AddSingleton<FailedAuthentications>();
        services.AddHostedService(sp => sp.GetRequiredService<FailedAuthentications>());
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
