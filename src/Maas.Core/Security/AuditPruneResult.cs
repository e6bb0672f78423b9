namespace Maas.Core.Security;

/// <summary>The answer of <c>POST /api/v1/admin/audit/prune</c>: the whole monthly partitions that were dropped.</summary>
/// <param name="Before">Partitions whose every entry is older than this were dropped.</param>
/// <param name="Dropped">The dropped partitions, oldest first; empty when none was old enough.</param>
public sealed record AuditPruneResult(DateTimeOffset Before, IReadOnlyList<AuditPartitionInfo> Dropped);

/// <summary>One partition of the audit log.</summary>
/// <param name="Month">The month (UTC) it holds, <c>yyyy-MM</c>; the partition from before partitioning holds that month and everything earlier.</param>
/// <param name="Entries">How many entries it held.</param>
public sealed record AuditPartitionInfo(string Month, long Entries);
