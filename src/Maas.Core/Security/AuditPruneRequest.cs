namespace Maas.Core.Security;

/// <summary>The body of <c>POST /api/v1/admin/audit/prune</c>.</summary>
/// <param name="Before">
/// Drop every whole monthly partition whose entries are all older than this; it must lie at least the server's minimum
/// retention in the past.
/// </param>
public sealed record AuditPruneRequest(DateTimeOffset Before);
