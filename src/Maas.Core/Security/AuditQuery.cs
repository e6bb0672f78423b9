namespace Maas.Core.Security;

/// <summary>Which audit entries to read, newest first. Every filter left <c>null</c> matches everything.</summary>
/// <param name="Action">An action name, or a prefix ending in <c>*</c> (<c>auth.*</c>, <c>model.*</c>).</param>
/// <param name="KeyId">Only entries of this key.</param>
/// <param name="Since">Only entries at or after this time.</param>
/// <param name="Limit">At most this many entries, 1 to <see cref="MaxLimit"/>.</param>
/// <param name="Before">Only entries with an id below this one: the page token of the previous page.</param>
public sealed record AuditQuery(string? Action = null, string? KeyId = null, DateTimeOffset? Since = null, int Limit = AuditQuery.DefaultLimit, long? Before = null)
{
    /// <summary>How many entries a query returns when it does not say.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The most entries one query may return.</summary>
    public const int MaxLimit = 1000;
}
