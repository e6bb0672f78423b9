namespace Maas.Core.Security;

/// <summary>The names of audited actions: <c>&lt;resource&gt;.&lt;verb&gt;</c>, stable, for filters and alerts.</summary>
public static class AuditActions
{
    /// <summary>A model was created (<c>POST /api/v1/models</c>).</summary>
    public const string ModelCreate = "model.create";

    /// <summary>A model's metadata was changed.</summary>
    public const string ModelUpdate = "model.update";

    /// <summary>A model was deleted.</summary>
    public const string ModelDelete = "model.delete";

    /// <summary>A version was uploaded (or the upload was refused).</summary>
    public const string VersionUpload = "version.upload";

    /// <summary>A version was deleted.</summary>
    public const string VersionDelete = "version.delete";

    /// <summary>An alias was created or moved.</summary>
    public const string AliasSet = "alias.set";

    /// <summary>An alias was removed.</summary>
    public const string AliasDelete = "alias.delete";

    /// <summary>A model's serving config was replaced.</summary>
    public const string ConfigSet = "config.set";

    /// <summary>An API key was created; the target is the new key's id.</summary>
    public const string KeyCreate = "key.create";

    /// <summary>An API key was revoked; the target is its id.</summary>
    public const string KeyRevoke = "key.revoke";

    /// <summary>A model was loaded through the repository extension (REST or gRPC).</summary>
    public const string RepositoryLoad = "repository.load";

    /// <summary>A model was unloaded through the repository extension.</summary>
    public const string RepositoryUnload = "repository.unload";

    /// <summary>The master key of the blob store was rotated.</summary>
    public const string MasterKeyRotate = "master-key.rotate";

    /// <summary>A request with no key, or a key that is malformed, unknown, wrong, expired or revoked (HTTP 401).</summary>
    public const string AuthenticationFailure = "auth.failure";

    /// <summary>Whole partitions of the audit log older than the retention were dropped; the target says which.</summary>
    public const string AuditPrune = "audit.prune";

    /// <summary>A valid key whose role may not do what it asked (HTTP 403).</summary>
    public const string PermissionDenied = "auth.denied";
}
