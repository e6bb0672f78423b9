using Maas.Core.Storage;
using Maas.Storage;

namespace Maas.Server.Hosting;

/// <summary>Builds the blob store for a data directory.</summary>
internal static class BlobStoreFactory
{
    public static Task<IBlobStore> CreateAsync(string dataDirectory, MaasServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IBlobStore>(new FileBlobStore(Path.Combine(dataDirectory, "blobs")));
    }
}
