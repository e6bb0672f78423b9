namespace Maas.Core.Security;

/// <summary>
/// Where API keys live: their description and the SHA-256 of their secret, never the secret. Keys are never deleted,
/// only revoked, so an id is never reused and the audit log's key ids always mean one key.
/// </summary>
public interface IKeyStore
{
    /// <summary>Stores a new key; <see cref="ErrorCode.Conflict"/> when its id is taken.</summary>
    Task CreateKeyAsync(ApiKeyInfo key, ReadOnlyMemory<byte> secretSha256, CancellationToken cancellationToken);

    /// <summary>The key with this id, revoked or not, or <c>null</c> when there is none.</summary>
    Task<StoredApiKey?> FindKeyAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first, revoked and expired ones included.</summary>
    Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Revokes a key at <paramref name="now"/> and returns it; revoking a revoked key changes nothing.
    /// <see cref="ErrorCode.NotFound"/> for an unknown id; <see cref="ErrorCode.Conflict"/> when the key is the last
    /// active admin key, since nobody could manage keys afterwards.
    /// </summary>
    Task<ApiKeyInfo> RevokeKeyAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);
}
