using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Maas.Server.Hosting;

/// <summary>
/// The check behind <c>grpc.health.v1.Health</c>: healthy while the server takes requests, unhealthy (so
/// <c>NOT_SERVING</c>) from the moment shutdown begins, like <c>/v2/health/ready</c>. Kubernetes' gRPC probes read it.
/// </summary>
internal sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The server is shutting down.")
            : HealthCheckResult.Healthy());
}
