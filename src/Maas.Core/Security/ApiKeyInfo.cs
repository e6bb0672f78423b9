namespace Maas.Core.Security;

/// <summary>An API key as the server describes it: everything but the secret, which is never stored or shown again.</summary>
/// <param name="Id">The key's public identifier, the part between <c>maas_</c> and the secret.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Scopes">
/// Model-name patterns (<c>fraud-*</c>) the key may see; <c>["*"]</c> for every model. Admin keys are never scoped.
/// </param>
/// <param name="Description">Free text saying who or what holds the key; empty when none was given.</param>
/// <param name="Created">When the key was created (UTC).</param>
/// <param name="Expires">When the key stops working, or <c>null</c> when it does not expire.</param>
/// <param name="Revoked">When the key was revoked, or <c>null</c> while it is not.</param>
public sealed record ApiKeyInfo(
    string Id,
    Role Role,
    IReadOnlyList<string> Scopes,
    string Description,
    DateTimeOffset Created,
    DateTimeOffset? Expires,
    DateTimeOffset? Revoked)
{
    /// <summary>Whether the key authenticates requests at <paramref name="now"/>: not revoked and not expired.</summary>
    public bool IsActiveAt(DateTimeOffset now) => Revoked is null && (Expires is null || now < Expires);
}
