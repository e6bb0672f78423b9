namespace Maas.Core.Security;

/// <summary>
/// The append-only record of every mutation and every failed authentication, kept in monthly partitions: no entry is
/// ever changed or deleted; only a whole partition older than the retention can be dropped, by an audited admin action.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entries"/> in order, in one transaction; their ids are assigned here.</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>Reads entries matching <paramref name="query"/>, newest first.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Drops every whole partition whose entries are all older than <paramref name="before"/>, never the newest one;
    /// the caller has checked <paramref name="before"/> against the retention.
    /// </summary>
    Task<AuditPruneResult> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>The partitions, entries and estimated size of the log.</summary>
    Task<AuditLogUsage> GetUsageAsync(CancellationToken cancellationToken);
}
