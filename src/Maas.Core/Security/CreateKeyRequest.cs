namespace Maas.Core.Security;

/// <summary>The body of <c>POST /api/v1/keys</c>.</summary>
/// <param name="Role">What the key may do.</param>
/// <param name="Scopes">Model-name patterns for a publisher or consumer key (at least one; <c>*</c> for all); none for an admin key.</param>
/// <param name="Expires">When the key stops working; must be in the future. <c>null</c> for a key that does not expire.</param>
/// <param name="Description">Who or what holds the key, at most <see cref="MaxDescriptionLength"/> characters.</param>
public sealed record CreateKeyRequest(Role Role, IReadOnlyList<string>? Scopes = null, DateTimeOffset? Expires = null, string? Description = null)
{
    /// <summary>The most scopes one key may have.</summary>
    public const int MaxScopes = 64;

    /// <summary>The longest description, in characters.</summary>
    public const int MaxDescriptionLength = 1024;
}
