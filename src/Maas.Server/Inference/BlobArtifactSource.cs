using Maas.Core.Storage;
using Maas.Runtime;

namespace Maas.Server.Inference;

/// <summary>
/// Feeds the model host from the blob store: sessions are built from stored bytes, never from a path. The host reads
/// each artefact to its end before it creates a session, and the store's stream checks every chunk and the digest
/// as it goes, so a damaged artefact fails the load with an integrity error before ONNX Runtime sees a byte of it.
/// </summary>
internal sealed class BlobArtifactSource(IBlobStore blobs) : IModelArtifactSource
{
    public Task<Stream> OpenAsync(string digest, CancellationToken cancellationToken) => blobs.OpenReadAsync(digest, cancellationToken);
}
