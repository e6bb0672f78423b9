namespace Maas.Core.Security;

/// <summary>The append-only record of every mutation and every failed authentication.</summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entries"/> in order, in one transaction; their ids are assigned here.</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>Reads entries matching <paramref name="query"/>, newest first.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
