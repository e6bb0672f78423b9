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

    /// <summary>What a master key must be, as the end of a sentence: the same words wherever a bad key is refused.</summary>
    public const string MasterKeyRule = "it must be the base64 encoding of exactly 32 random bytes, such as the output of `openssl rand -base64 32`";

    /// <summary>Whether <paramref name="masterKey"/> is base64 of exactly 32 bytes (surrounding whitespace allowed).</summary>
    public static bool IsWellFormedMasterKey(string masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        Span<byte> decoded = stackalloc byte[Encryption.MasterKey.Size + 3];
        var wellFormed = Convert.TryFromBase64String(masterKey.Trim(), decoded, out var written) && written == Encryption.MasterKey.Size;
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(decoded);
        return wellFormed;
    }
}
