using Maas.Core.Registry;
using Maas.Core.Training;

namespace Maas.Core.Storage;

/// <summary>
/// The registry's metadata: models, their numbered versions (uploaded or trained), aliases and serving settings, the
/// model aggregate. Every method is atomic. Domain failures
/// (unknown model, duplicate name, aliased version) are <see cref="MaasException"/>s with a sentence for the user.
/// Names passed in are already validated by the caller.
/// </summary>
public interface IRegistryStore
{
    /// <summary>Creates a model; <see cref="ErrorCode.Conflict"/> when the name is taken.</summary>
    Task<ModelInfo> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken);

    /// <summary>Returns the model, or <c>null</c> when there is none of that name.</summary>
    Task<ModelInfo?> GetModelAsync(string name, CancellationToken cancellationToken);

    /// <summary>Lists models ordered by name, starting after <paramref name="afterName"/> when given.</summary>
    Task<ModelPage> ListModelsAsync(int pageSize, string? afterName, CancellationToken cancellationToken);

    /// <summary>Applies the non-null fields of <paramref name="update"/>; <see cref="ErrorCode.NotFound"/> for an unknown model.</summary>
    Task<ModelInfo> UpdateModelAsync(string name, UpdateModelRequest update, CancellationToken cancellationToken);

    /// <summary>Deletes a model that has no versions; <see cref="ErrorCode.Conflict"/> while it has some.</summary>
    Task DeleteModelAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Registers the next version number of the model for an already committed blob. Numbers are never reused,
    /// even after a version is deleted. A trained version passes the <paramref name="lineage"/> of the job that
    /// produced it, written in the same transaction; an uploaded one passes <c>null</c>.
    /// <see cref="ErrorCode.NotFound"/> when the model does not exist.
    /// </summary>
    Task<ModelVersionInfo> AddVersionAsync(string name, BlobInfo blob, ModelSignature signature, ModelLineage? lineage, CancellationToken cancellationToken);

    /// <summary>Returns the version, or <c>null</c> when the model or the version does not exist.</summary>
    Task<ModelVersionInfo?> GetVersionAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>Lists a model's versions, newest first; <see cref="ErrorCode.NotFound"/> for an unknown model.</summary>
    Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a version and returns it; <see cref="ErrorCode.Conflict"/> naming the alias when one points at it.
    /// </summary>
    Task<ModelVersionInfo> DeleteVersionAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>Points an alias at a version, creating or moving it atomically.</summary>
    Task<AliasInfo> SetAliasAsync(string name, string aliasName, int version, CancellationToken cancellationToken);

    /// <summary>Removes an alias; <see cref="ErrorCode.NotFound"/> when it does not exist.</summary>
    Task DeleteAliasAsync(string name, string aliasName, CancellationToken cancellationToken);

    /// <summary>The model's serving settings (<see cref="ModelServingConfig.Default"/> until set); <see cref="ErrorCode.NotFound"/> for an unknown model.</summary>
    Task<ModelServingConfig> GetServingConfigAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces the model's serving settings; the caller validates them first.</summary>
    Task<ModelServingConfig> SetServingConfigAsync(string name, ModelServingConfig config, CancellationToken cancellationToken);
}
