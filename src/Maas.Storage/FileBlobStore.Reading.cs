using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Storage;
using Maas.Storage.Encryption;
using Microsoft.Win32.SafeHandles;

namespace Maas.Storage;

public sealed partial class FileBlobStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The stream decrypts as it is read and is seekable, with <see cref="Stream.Length"/> the plaintext length. The
    /// wrapped data key is opened and the first chunk checked before this returns; every later chunk is checked as it
    /// is reached, and reading in order to the end also checks the SHA-256 against <paramref name="digest"/> before
    /// the last bytes are returned. Any failure is a <see cref="ErrorCode.IntegrityFailure"/>.
    /// </remarks>
    public async Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        SafeFileHandle handle;
        try
        {
            handle = EncryptedBlobReader.OpenHandle(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MaasException(ErrorCode.NotFound, $"No blob with digest '{digest}' is stored.", exception);
        }

        try
        {
            var header = await EncryptedBlobReader.ReadHeaderAsync(handle, digest, cancellationToken);
            var layout = EncryptedBlobReader.Layout(handle, header, digest);
            var stream = new DecryptingStream(handle, await OpenDataKeyAsync(digest, header, cancellationToken), header, layout, digest);
            try
            {
                await stream.LoadFirstChunkAsync(cancellationToken);
                return stream;
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads the blob's key file and unwraps its data key, ready to decrypt.</summary>
    private async Task<AesGcm> OpenDataKeyAsync(string digest, byte[] header, CancellationToken cancellationToken)
    {
        var keyPath = KeyPathOf(BlobDigest.Hex(digest));

        // A rotation may replace the key file, and then retire the key it was read under, between the read and the
        // unwrap; the second read then sees the rewrapped file.
        for (var attempt = 1; ; attempt++)
        {
            byte[] keyFile;
            try
            {
                keyFile = await File.ReadAllBytesAsync(keyPath, cancellationToken);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                throw BlobIntegrity.Failure(digest, "its wrapped data key is missing");
            }

            if (TryOpenDataKey(digest, header, keyFile, lastAttempt: attempt == 2) is { } aes)
            {
                return aes;
            }
        }
    }

    private AesGcm? TryOpenDataKey(string digest, byte[] header, byte[] keyFile, bool lastAttempt)
    {
        if (!WrappedKeyFile.IsWellFormed(keyFile))
        {
            throw BlobIntegrity.Failure(digest, "its wrapped data key is malformed");
        }

        var masterKey = _keys.Find(WrappedKeyFile.MasterKeyId(keyFile));
        if (masterKey is null)
        {
            return lastAttempt
                ? throw BlobIntegrity.Failure(
                    digest,
                    $"its data key is wrapped under master key {Convert.ToHexStringLower(WrappedKeyFile.MasterKeyId(keyFile))}, but the server holds master key {_keys.CurrentIdHex}; start it with the key the blob was written under")
                : null;
        }

        Span<byte> dataKey = stackalloc byte[BlobFormat.DataKeySize];
        try
        {
            return WrappedKeyFile.TryUnwrap(masterKey, keyFile, header, digest, dataKey)
                ? new AesGcm(dataKey, BlobFormat.TagSize)
                : throw BlobIntegrity.Failure(
                    digest,
                    "its wrapped data key does not authenticate (the key file or the blob header was altered, or the key belongs to another blob)");
        }
        catch (ObjectDisposedException) when (!lastAttempt)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
