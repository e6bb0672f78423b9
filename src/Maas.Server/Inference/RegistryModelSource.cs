using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Onnx;
using Maas.Runtime;

namespace Maas.Server.Inference;

/// <summary>
/// Feeds the model host from the registry. A version's definition is its registered signature and its model's serving
/// config, converted to the host's settings here, once per load; requests to a loaded version never come here. The
/// bytes come from the blob store: sessions are built from stored bytes, never from a path. The host reads each
/// artefact to its end before it creates a session, and the store's stream checks every chunk and the digest as it
/// goes, so a damaged artefact fails the load with an integrity error before ONNX Runtime sees a byte of it.
/// </summary>
internal sealed class RegistryModelSource(IRegistryStore store, IBlobStore blobs) : IModelSource
{
    public async Task<ModelDefinition> GetDefinitionAsync(ModelKey key, CancellationToken cancellationToken)
    {
        // The key comes from a version resolved a moment ago; one deleted since then is answered as the resolver would.
        var version = await store.GetVersionAsync(key.Name, key.Version, cancellationToken);
        if (version is null || !string.Equals(version.Digest, key.Digest, StringComparison.Ordinal))
        {
            throw MaasErrors.VersionNotFound(key.Name, key.Version);
        }

        var config = await store.GetServingConfigAsync(key.Name, cancellationToken);
        return new ModelDefinition(version.Signature, ToRuntime(config));
    }

    public Task<Stream> OpenAsync(string digest, CancellationToken cancellationToken) => blobs.OpenReadAsync(digest, cancellationToken);

    public long CountGraphNodes(byte[] artifact) => OnnxModelInspector.CountNodes(artifact);

    private static ModelRuntimeConfig ToRuntime(ModelServingConfig config) => new(
        config.MaxBatchSize,
        TimeSpan.FromMilliseconds(config.MaxQueueDelayMs),
        config.InstanceCount,
        config.IntraOpThreads,
        config.MaxQueueSize);
}
