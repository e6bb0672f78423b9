namespace Maas.Storage;

/// <summary>Where <see cref="FileBlobStore"/> finds the master key that wraps every blob's data key.</summary>
public sealed class BlobEncryptionOptions
{
    /// <summary>
    /// The folder of <c>master.key</c> (and, during a rotation, <c>master.key.next</c>): the data folder. Required.
    /// </summary>
    public required string KeyDirectory { get; init; }

    /// <summary>
    /// The master key as base64 of 32 bytes, when it comes from outside (the <c>MAAS_MASTER_KEY</c> variable); then
    /// no <c>master.key</c> is written. <c>null</c> uses <c>master.key</c>, generated on first start.
    /// </summary>
    public string? MasterKey { get; init; }

    /// <summary>How error messages name <see cref="MasterKey"/>'s origin. Default <c>MAAS_MASTER_KEY</c>.</summary>
    public string MasterKeySource { get; init; } = "MAAS_MASTER_KEY";
}
