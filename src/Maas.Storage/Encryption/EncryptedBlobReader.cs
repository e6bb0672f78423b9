using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Maas.Storage.Encryption;

/// <summary>Opens encrypted blob files: checks the header and the layout before any chunk is decrypted.</summary>
internal static class EncryptedBlobReader
{
    /// <summary>Opens a file whose header and data key are known (a staged upload), with its first chunk checked.</summary>
    public static Stream Open(string path, string digest, byte[] header, ReadOnlySpan<byte> dataKey)
    {
        var handle = OpenHandle(path);
        try
        {
            var stream = new DecryptingStream(handle, new AesGcm(dataKey, BlobFormat.TagSize), header, Layout(handle, header, digest), digest);
            try
            {
                stream.LoadFirstChunk();
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public static SafeFileHandle OpenHandle(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Reads the header and checks the magic, the version and the chunk size; the chunks check the rest.</summary>
    public static async Task<byte[]> ReadHeaderAsync(SafeFileHandle handle, string digest, CancellationToken cancellationToken)
    {
        var header = new byte[BlobFormat.HeaderSize];
        var read = 0;
        while (read < header.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, header.AsMemory(read), read, cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read < header.Length || !BlobFormat.HasMagic(header))
        {
            throw BlobIntegrity.Failure(digest, "the file does not start with the encrypted blob header (it was written without encryption, or replaced)");
        }

        if (BlobFormat.ReadVersion(header) is var version && version != BlobFormat.Version)
        {
            throw BlobIntegrity.Failure(digest, $"the file has format version {version}, which this version of Maas does not read");
        }

        if (!BlobFormat.ReservedIsZero(header) || BlobFormat.ReadChunkSize(header) is < BlobFormat.MinChunkSize or > BlobFormat.MaxChunkSize)
        {
            throw BlobIntegrity.Failure(digest, "its header is malformed");
        }

        return header;
    }

    /// <summary>Where the chunks lie, from the file's length; a length no sequence of sealed chunks has is refused.</summary>
    public static ChunkLayout Layout(SafeFileHandle handle, byte[] header, string digest) =>
        ChunkLayout.TryCreate(RandomAccess.GetLength(handle), (int)BlobFormat.ReadChunkSize(header), out var layout)
            ? layout
            : throw BlobIntegrity.Failure(digest, "its length does not fit whole sealed chunks (the file was cut or extended)");
}
