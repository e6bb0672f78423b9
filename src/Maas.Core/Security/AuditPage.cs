namespace Maas.Core.Security;

/// <summary>The body of <c>GET /api/v1/audit</c>: entries, newest first.</summary>
/// <param name="Entries">The entries on this page.</param>
/// <param name="NextPageToken">Pass as <c>pageToken</c> for older entries; <c>null</c> when there are none.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? NextPageToken);
