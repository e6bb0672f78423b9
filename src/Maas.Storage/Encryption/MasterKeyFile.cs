using System.Security.Cryptography;
using System.Text;
using Maas.Core;

namespace Maas.Storage.Encryption;

/// <summary>
/// A master key in a file of the data folder, mode 0600. <c>master.key</c> holds its base64 and a newline, so it can
/// be backed up or moved into <c>MAAS_MASTER_KEY</c> as it is. A key that must not lie on disk in the clear (the next
/// key of a rotation while the current key comes from the environment) is stored sealed under the current key:
/// <c>sealed:&lt;current key id&gt;:&lt;next key id&gt;:&lt;base64 of nonce ‖ wrapped key ‖ tag&gt;</c>.
/// </summary>
internal static class MasterKeyFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const string SealedPrefix = "sealed:";
    private const int NonceSize = 12;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Reads the key in <paramref name="path"/>. Refuses a file other users may read, as ssh refuses such a private
    /// key: a key that was exposed should be rotated, not silently used.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="current">The key that may have sealed it; <c>null</c> when the file must be plain.</param>
    /// <param name="requireSealed">Refuse a key in the clear: only a sealed one can be trusted not to be planted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The key, or <c>null</c> when the file holds <paramref name="current"/> itself, sealed.</returns>
    public static async Task<MasterKey?> ReadAsync(string path, MasterKey? current, bool requireSealed, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            throw MaasException.Invalid(
                $"{name} in the data folder may be read by other users; restrict it with `chmod 600 {name}` (and consider rotating the key).");
        }

        var text = (await File.ReadAllTextAsync(path, Encoding.ASCII, cancellationToken)).Trim();
        if (text.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            return Unseal(name, text, current);
        }

        if (requireSealed)
        {
            throw MaasException.Invalid(
                $"{name} in the data folder holds a key in the clear, which a server whose key comes from the environment never writes. " +
                $"If it is left from a rotation begun while the key was in master.key, start with master.key to finish it; otherwise delete {name}.");
        }

        return MasterKey.Parse(text, $"{name} in the data folder");
    }

    /// <summary>Reads a key that is stored in the clear, such as <c>master.key</c>.</summary>
    public static async Task<MasterKey> ReadPlainAsync(string path, CancellationToken cancellationToken) =>
        (await ReadAsync(path, current: null, requireSealed: false, cancellationToken))!;

    /// <summary>Writes <paramref name="key"/> to <paramref name="path"/> atomically and durably, mode 0600.</summary>
    /// <param name="path">The file.</param>
    /// <param name="key">The key to write.</param>
    /// <param name="sealer">The key to seal it under, or <c>null</c> to write it in the clear.</param>
    /// <param name="cancellationToken">Cancels before the rename.</param>
    public static async Task WriteAsync(string path, MasterKey key, MasterKey? sealer, CancellationToken cancellationToken)
    {
        var content = Encoding.ASCII.GetBytes((sealer is null ? key.ToBase64() : Seal(key, sealer)) + "\n");
        try
        {
            // A fixed temporary name: a crash cannot leave copies of key material under random names.
            await DurableFile.ReplaceAsync(path, content, path + ".tmp", OwnerOnly, flushDirectory: true, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>Removes a temporary file a crash may have left beside <paramref name="path"/>.</summary>
    public static void RemoveTemporary(string path) => File.Delete(path + ".tmp");

    private static string Seal(MasterKey key, MasterKey sealer)
    {
        Span<byte> raw = stackalloc byte[MasterKey.Size];
        Span<byte> sealedKey = stackalloc byte[NonceSize + MasterKey.Size + BlobFormat.TagSize];
        try
        {
            key.CopyTo(raw);
            sealer.Wrap(
                raw,
                AssociatedData(sealer.IdHex, key.IdHex),
                sealedKey[..NonceSize],
                sealedKey.Slice(NonceSize, MasterKey.Size),
                sealedKey[(NonceSize + MasterKey.Size)..]);
            return $"{SealedPrefix}{sealer.IdHex}:{key.IdHex}:{Convert.ToBase64String(sealedKey)}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private static MasterKey? Unseal(string name, string text, MasterKey? current)
    {
        var parts = text[SealedPrefix.Length..].Split(':');
        if (parts.Length != 3)
        {
            throw MaasException.Invalid($"{name} in the data folder is damaged.");
        }

        var (sealerId, keyId) = (parts[0], parts[1]);
        if (current is null)
        {
            throw MaasException.Invalid($"{name} in the data folder is sealed under master key {sealerId}; it cannot hold the master key itself.");
        }

        if (string.Equals(keyId, current.IdHex, StringComparison.Ordinal))
        {
            return null;
        }

        if (!string.Equals(sealerId, current.IdHex, StringComparison.Ordinal))
        {
            throw MaasException.Invalid(
                $"{name} in the data folder holds the key of a rotation (master key id {keyId}) sealed under master key {sealerId}, " +
                $"but the configured master key is {current.IdHex}. Start the server with the key of the rotation, or the one it was sealed under.");
        }

        Span<byte> sealedKey = stackalloc byte[NonceSize + MasterKey.Size + BlobFormat.TagSize];
        Span<byte> raw = stackalloc byte[MasterKey.Size];
        try
        {
            if (!Convert.TryFromBase64String(parts[2], sealedKey, out var written) || written != sealedKey.Length
                || !current.TryUnwrap(
                    sealedKey[..NonceSize],
                    sealedKey.Slice(NonceSize, MasterKey.Size),
                    sealedKey[(NonceSize + MasterKey.Size)..],
                    AssociatedData(sealerId, keyId),
                    raw))
            {
                throw MaasException.Invalid($"{name} in the data folder is damaged: its key does not open under master key {current.IdHex}.");
            }

            return MasterKey.FromBytes(raw);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private static byte[] AssociatedData(string sealerId, string keyId) => Encoding.ASCII.GetBytes($"maas master key sealed v1:{sealerId}:{keyId}");
}
