namespace Maas.Server.Security;

/// <summary>Where authentication, authorisation, audit and per-key rate limits plug into the server.</summary>
internal static class SecurityWiring
{
    /// <summary>Registers the security services.</summary>
    public static void AddMaasSecurity(this IServiceCollection services, MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
    }

    /// <summary>Adds the security middleware; runs after error handling and before the endpoints.</summary>
    public static void UseMaasSecurity(this WebApplication app) => ArgumentNullException.ThrowIfNull(app);

    /// <summary>One-time start-up work, such as creating the first admin key, before the server accepts requests.</summary>
    public static Task InitializeSecurityAsync(IServiceProvider services, string dataDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        return Task.CompletedTask;
    }
}
