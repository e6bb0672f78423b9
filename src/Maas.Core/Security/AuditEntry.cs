namespace Maas.Core.Security;

/// <summary>One line of the append-only audit log.</summary>
/// <param name="Id">Increasing with time; assigned by the log (the value given when appending is ignored).</param>
/// <param name="Time">When the server decided the outcome (UTC).</param>
/// <param name="KeyId">The id of the key that made the request, or that a failed attempt named; <c>null</c> when none could be read.</param>
/// <param name="Action">What was attempted, one of <see cref="AuditActions"/>, such as <c>model.create</c>.</param>
/// <param name="Target">What it was attempted on, such as <c>fraud</c>, <c>fraud/3</c> or <c>fraud:production</c>; <c>null</c> when unknown.</param>
/// <param name="Outcome">Whether it succeeded.</param>
/// <param name="RemoteAddress">The client's IP address as the server saw it.</param>
/// <param name="Detail">A short reason or the HTTP/gRPC status, such as <c>409</c> or <c>expired key</c>; never a secret.</param>
/// <param name="Count">
/// How many attempts this line stands for: 1 for a mutation; for authentication failures, every failure of one source
/// for one reason in one interval, written as one line.
/// </param>
/// <param name="FirstTime">
/// For a line that stands for several attempts, when the first was made (<see cref="Time"/> is the last); otherwise <c>null</c>.
/// </param>
/// <param name="LeakedKey">
/// The ids of API keys (comma-separated) whose whole key appeared where it must not — the path, the query, a header
/// other than the credential, the body — and so must be revoked; <c>null</c> when none did. The key itself is never kept:
/// wherever it appeared it is recorded as <c>maas_&lt;id&gt;_***</c>.
/// </param>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset Time,
    string? KeyId,
    string Action,
    string? Target,
    AuditOutcome Outcome,
    string? RemoteAddress,
    string? Detail,
    long Count = 1,
    DateTimeOffset? FirstTime = null,
    string? LeakedKey = null);
