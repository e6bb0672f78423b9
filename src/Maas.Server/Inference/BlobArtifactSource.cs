using Maas.Core.Storage;
using Maas.Runtime;

namespace Maas.Server.Inference;

/// <summary>Feeds the model host from the blob store: sessions are built from stored bytes, never from a path.</summary>
internal sealed class BlobArtifactSource(IBlobStore blobs) : IModelArtifactSource
{
    public Task<Stream> OpenAsync(string digest, CancellationToken cancellationToken) => blobs.OpenReadAsync(digest, cancellationToken);
}
