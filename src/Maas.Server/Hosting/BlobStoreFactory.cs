using Maas.Storage;

namespace Maas.Server.Hosting;

/// <summary>
/// Builds the blob store for a data directory: encrypted blobs under <c>blobs/</c>, with the master key from
/// <see cref="StorageOptions.MasterKey"/> (<c>MAAS_MASTER_KEY</c>) or <c>master.key</c>.
/// </summary>
internal static class BlobStoreFactory
{
    /// <summary>
    /// Opens the store. A malformed or contradictory master key is a <see cref="Core.MaasException"/> whose sentence
    /// tells the operator what to fix; the server then refuses to start.
    /// </summary>
    public static async Task<FileBlobStore> CreateAsync(string dataDirectory, StorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var encryption = new BlobEncryptionOptions
        {
            KeyDirectory = dataDirectory,
            MasterKey = options.MasterKey,
            MasterKeySource = "MAAS_MASTER_KEY",
        };
        return await FileBlobStore.OpenAsync(Path.Combine(dataDirectory, "blobs"), encryption, cancellationToken);
    }
}
