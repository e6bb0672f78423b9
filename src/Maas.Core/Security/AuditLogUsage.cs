namespace Maas.Core.Security;

/// <summary>How much the audit log holds, for <c>/metrics</c>.</summary>
/// <param name="Partitions">The monthly partitions kept.</param>
/// <param name="Entries">The entries in them (exact).</param>
/// <param name="EstimatedBytes">
/// The entries' stored text, estimated from the newest entries' average size; indexes and page overhead are not counted.
/// </param>
public sealed record AuditLogUsage(int Partitions, long Entries, long EstimatedBytes);
