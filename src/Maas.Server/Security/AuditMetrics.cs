using Maas.Core.Security;
using Prometheus;

namespace Maas.Server.Security;

/// <summary>
/// The audit log's size on <c>/metrics</c>, read from the log before each scrape: partitions, entries (exact) and
/// estimated bytes (the entries' stored text, from the newest entries' average; indexes and pages not counted).
/// </summary>
internal sealed class AuditMetrics
{
    private readonly Gauge _partitions;
    private readonly Gauge _entries;
    private readonly Gauge _bytes;

    public AuditMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _partitions = factory.CreateGauge("maas_audit_log_partitions", "Monthly partitions of the audit log kept.");
        _entries = factory.CreateGauge("maas_audit_log_entries", "Entries in the audit log.");
        _bytes = factory.CreateGauge("maas_audit_log_estimated_bytes", "Estimated bytes of the audit log's entries (stored text; indexes and page overhead not counted).");
    }

    /// <summary>Reads the log's usage into the gauges.</summary>
    public async Task RefreshAsync(IAuditLog log, CancellationToken cancellationToken)
    {
        var usage = await log.GetUsageAsync(cancellationToken);
        _partitions.Set(usage.Partitions);
        _entries.Set(usage.Entries);
        _bytes.Set(usage.EstimatedBytes);
    }
}
