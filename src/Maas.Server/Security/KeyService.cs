using System.Collections.Concurrent;
using Maas.Core;
using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>
/// Creates, lists and revokes API keys, and looks keys up for every authenticated request from memory. Revoking
/// updates the memory before it returns, so the very next request with the key fails; keys changed by another process
/// on the same database are picked up within <see cref="CacheLifetime"/>.
/// </summary>
internal sealed partial class KeyService(IKeyStore store, TimeProvider clock, ILogger<KeyService> logger)
{
    /// <summary>How long a looked-up key is trusted before it is read again.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);

    private TimeProvider Clock => clock;

    /// <summary>The key with this id, from memory when it was read recently; <c>null</c> when there is none.</summary>
    /// <remarks>Unknown ids are not remembered: a flood of made-up ids must not grow the cache.</remarks>
    public async Task<StoredApiKey?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = Clock.GetTimestamp();
        if (_cache.TryGetValue(id, out var cached) && Clock.GetElapsedTime(cached.ReadAt, now) < CacheLifetime)
        {
            return cached.Key;
        }

        var stored = await store.FindKeyAsync(id, cancellationToken);
        if (stored is not null)
        {
            Remember(stored, now);
        }

        return stored is not null && _cache.TryGetValue(id, out var current) ? current.Key : stored;
    }

    /// <summary>Validates <paramref name="request"/>, generates a key, stores its hash and returns the key this once.</summary>
    public async Task<CreatedApiKey> CreateAsync(CreateKeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = Clock.GetUtcNow().ToUniversalTime();
        var scopes = ValidateScopes(request.Role, request.Scopes);
        if (request.Expires is { } expires && expires <= now)
        {
            throw MaasException.Invalid($"expires must be in the future; {expires:O} has passed.");
        }

        if (request.Description is { Length: > CreateKeyRequest.MaxDescriptionLength })
        {
            throw MaasException.Invalid($"The description is {request.Description.Length} characters long; the limit is {CreateKeyRequest.MaxDescriptionLength}.");
        }

        TextRules.Validate(request.Description, "key description");

        var token = ApiKeyToken.Generate();
        var info = new ApiKeyInfo(token.Id, request.Role, scopes, request.Description ?? string.Empty, now, request.Expires?.ToUniversalTime(), null);
        await StoreAsync(info, token, cancellationToken);
        return new CreatedApiKey(token.Reveal(), info.Id, info.Role, info.Scopes, info.Description, info.Created, info.Expires);
    }

    /// <summary>Every key, oldest first.</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken) => store.ListKeysAsync(cancellationToken);

    /// <summary>One key; <see cref="ErrorCode.NotFound"/> for an unknown id.</summary>
    public async Task<ApiKeyInfo> GetAsync(string id, CancellationToken cancellationToken) =>
        (await store.FindKeyAsync(id, cancellationToken))?.Info ?? throw MaasErrors.KeyNotFound(id);

    /// <summary>Revokes a key, effective for the next request this process serves.</summary>
    public async Task<ApiKeyInfo> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var revoked = await store.RevokeKeyAsync(id, Clock.GetUtcNow(), cancellationToken);
        if (await store.FindKeyAsync(id, CancellationToken.None) is { } stored)
        {
            Remember(stored, Clock.GetTimestamp());
        }

        LogKeyRevoked(logger, id);
        return revoked;
    }

    /// <summary>
    /// Makes sure the operator's key (<c>MAAS_ADMIN_KEY</c>) is an active admin key: creates it when its id is new,
    /// and refuses to start when the id belongs to a key with another secret, another role, or one that was revoked.
    /// </summary>
    /// <returns><c>true</c> when the key was created now.</returns>
    public async Task<bool> EnsureAdminAsync(ApiKeyToken token, string description, CancellationToken cancellationToken)
    {
        var stored = await store.FindKeyAsync(token.Id, cancellationToken);
        if (stored is null)
        {
            await StoreAsync(new ApiKeyInfo(token.Id, Role.Admin, [ScopePattern.All], description, Clock.GetUtcNow().ToUniversalTime(), null, null), token, cancellationToken);
            return true;
        }

        var problem = !token.Matches(stored.SecretSha256.Span) ? "is the id of an existing key with a different secret"
            : stored.Info.Role != Role.Admin ? $"names a {stored.Info.Role.ToString().ToLowerInvariant()} key, not an admin key"
            : stored.Info.Revoked is not null ? "names a key that was revoked"
            : !stored.Info.IsActiveAt(Clock.GetUtcNow()) ? "names a key that has expired"
            : null;
        return problem is null
            ? false
            : throw MaasException.Invalid($"MAAS_ADMIN_KEY {problem} (id '{token.Id}'); choose a new key with a new id.");
    }

    /// <summary>Turns the requested scopes into the stored ones: admin keys see everything; the others need at least one.</summary>
    private static List<string> ValidateScopes(Role role, IReadOnlyList<string>? scopes)
    {
        if (!Enum.IsDefined(role))
        {
            throw MaasException.Invalid("role must be one of consumer, publisher or admin.");
        }

        var given = scopes ?? [];
        if (role == Role.Admin)
        {
            return given.All(s => s == ScopePattern.All)
                ? [ScopePattern.All]
                : throw MaasException.Invalid("Admin keys see every model and take no scopes.");
        }

        if (given.Count == 0)
        {
            throw MaasException.Invalid("A consumer or publisher key needs at least one scope, a model-name pattern such as 'fraud-*'; use '*' for every model.");
        }

        if (given.Count > CreateKeyRequest.MaxScopes)
        {
            throw MaasException.Invalid($"A key may have at most {CreateKeyRequest.MaxScopes} scopes; {given.Count} were given.");
        }

        foreach (var scope in given)
        {
            ScopePattern.Validate(scope);
        }

        return given.Distinct(StringComparer.Ordinal).ToList();
    }

    private async Task StoreAsync(ApiKeyInfo info, ApiKeyToken token, CancellationToken cancellationToken)
    {
        var hash = token.HashSecret();
        await store.CreateKeyAsync(info, hash, cancellationToken);
        Remember(new StoredApiKey(info, hash), Clock.GetTimestamp());
        LogKeyCreated(logger, info.Id, info.Role);
    }

    // Revocation is permanent, so a revoked entry is never replaced by an older read that still shows the key active:
    // that read may have started before the revocation and finished after it.
    private void Remember(StoredApiKey key, long readAt) =>
        _cache.AddOrUpdate(
            key.Info.Id,
            static (_, fresh) => fresh,
            static (_, old, fresh) => old.Key.Info.Revoked is not null && fresh.Key.Info.Revoked is null ? old with { ReadAt = fresh.ReadAt } : fresh,
            new CachedKey(key, readAt));


    [LoggerMessage(EventId = 4320, Level = LogLevel.Information, Message = "Created API key {KeyId} with role {Role}")]
    private static partial void LogKeyCreated(ILogger logger, string keyId, Role role);

    [LoggerMessage(EventId = 4321, Level = LogLevel.Information, Message = "Revoked API key {KeyId}")]
    private static partial void LogKeyRevoked(ILogger logger, string keyId);

    private sealed record CachedKey(StoredApiKey Key, long ReadAt);
}
