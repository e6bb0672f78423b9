namespace Maas.Core.Security;

/// <summary>The answer to <c>POST /api/v1/keys</c>: the new key's description and, this once, the key itself.</summary>
/// <param name="Key">The whole key, <c>maas_&lt;id&gt;_&lt;secret&gt;</c>. The server keeps only a hash; it cannot show it again.</param>
/// <param name="Id">The key's public identifier.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Scopes">The model-name patterns the key may see.</param>
/// <param name="Description">Who or what holds the key.</param>
/// <param name="Created">When the key was created (UTC).</param>
/// <param name="Expires">When the key stops working, or <c>null</c>.</param>
public sealed record CreatedApiKey(
    string Key,
    string Id,
    Role Role,
    IReadOnlyList<string> Scopes,
    string Description,
    DateTimeOffset Created,
    DateTimeOffset? Expires)
{
    /// <summary>The key without its secret, as <c>GET /api/v1/keys/{id}</c> shows it.</summary>
    public ApiKeyInfo ToInfo() => new(Id, Role, Scopes, Description, Created, Expires, Revoked: null);

    /// <summary>Leaves the key out, so that logging this record by mistake leaks nothing.</summary>
    public override string ToString() => $"CreatedApiKey {{ Id = {Id}, Role = {Role} }}";
}
