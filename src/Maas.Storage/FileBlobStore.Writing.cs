using System.Buffers;
using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Storage;
using Maas.Storage.Encryption;

namespace Maas.Storage;

public sealed partial class FileBlobStore
{
    private const UnixFileMode ReadOnlyFile = UnixFileMode.UserRead;

    /// <inheritdoc />
    /// <remarks>
    /// The content is encrypted as it arrives, under a fresh random data key, and only ciphertext reaches the disk;
    /// the SHA-256 is taken over the plaintext. Memory stays at three pooled chunk buffers (two to know whether a full
    /// chunk is the last, one for its ciphertext), never the whole content. On any failure, including cancellation and
    /// an oversized upload, the temporary file is deleted before the exception propagates.
    /// </remarks>
    public async Task<IStagedBlob> StageAsync(Stream content, long maxBytes, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);

        var temporaryPath = NewTemporaryPath();
        var dataKey = RandomNumberGenerator.GetBytes(BlobFormat.DataKeySize);
        var header = BlobFormat.CreateHeader(_chunkSize);
        var current = ArrayPool<byte>.Shared.Rent(_chunkSize);
        var next = ArrayPool<byte>.Shared.Rent(_chunkSize);
        var created = false;
        try
        {
            using var source = new StagingSource(content, maxBytes, progress);
            await using (var file = new FileStream(temporaryPath, TemporaryFileOptions()))
            using (var writer = new ChunkWriter(file, dataKey, header, _chunkSize))
            {
                created = true;
                await writer.WriteHeaderAsync(cancellationToken);
                var filled = await source.FillAsync(current.AsMemory(0, _chunkSize), cancellationToken);

                // A full chunk is sealed only once more content is known to follow; otherwise it is the final one.
                while (filled == _chunkSize)
                {
                    var more = await source.FillAsync(next.AsMemory(0, _chunkSize), cancellationToken);
                    if (more == 0)
                    {
                        break;
                    }

                    await writer.WriteChunkAsync(current.AsMemory(0, filled), final: false, cancellationToken);
                    (current, next, filled) = (next, current, more);
                }

                await writer.WriteChunkAsync(current.AsMemory(0, filled), final: true, cancellationToken);

                // The data must be on disk before a commit renames the file into place; otherwise a power cut after
                // the rename could leave a blob whose name promises content it does not have.
                file.Flush(flushToDisk: true);
            }

            return new StagedBlob(this, temporaryPath, source.Digest(), source.Size, dataKey, header);
        }
        catch
        {
            // Only a file this call created is deleted; CreateNew guarantees no one else's was opened.
            if (created)
            {
                StagedBlob.TryDelete(temporaryPath);
            }

            CryptographicOperations.ZeroMemory(dataKey);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current, clearArray: true);
            ArrayPool<byte>.Shared.Return(next, clearArray: true);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The blob's wrapped data key is written first (temporary file, fsync, rename, folder fsync), then the staged
    /// file is made read-only and renamed into place and its folder fsynced. So a blob file never exists without its
    /// key; a crash between the two leaves a key without a blob, which <see cref="RemoveTemporaryFilesAsync"/>
    /// removes. When identical content is stored already, that copy (sealed under its own data key) is kept and the
    /// staged one dropped: replacing it would need two renames that a crash could separate.
    /// </remarks>
    public async Task<BlobInfo> CommitAsync(IStagedBlob staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staged);
        if (staged is not StagedBlob blob || !ReferenceEquals(blob.Owner, this))
        {
            throw new ArgumentException("The blob was not staged by this store.", nameof(staged));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var hex = BlobDigest.Hex(blob.Digest);
        if (!blob.TryBeginCommit())
        {
            throw new InvalidOperationException("The staged blob was already committed or disposed.");
        }

        var directory = Path.Combine(_blobDirectory, hex[..2]);
        var path = Path.Combine(directory, hex);
        var kept = false;
        try
        {
            await _keyLock.WaitAsync(cancellationToken);
            try
            {
                kept = File.Exists(path);
                if (!kept)
                {
                    CreateDirectoryDurably(directory);
                    CreateDirectoryDurably(Path.GetDirectoryName(KeyPathOf(hex))!);
                    var keyFile = WrappedKeyFile.Create(_keys.WrappingKey, blob.DataKey, blob.Header, blob.Digest);
                    await DurableFile.ReplaceAsync(KeyPathOf(hex), keyFile, NewTemporaryPath(), ReadOnlyFile, flushDirectory: true, CancellationToken.None);
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(blob.TemporaryPath, ReadOnlyFile);
                    }

                    File.Move(blob.TemporaryPath, path, overwrite: false);
                }
            }
            finally
            {
                _keyLock.Release();
            }
        }
        catch
        {
            blob.AbortCommit();
            throw;
        }

        blob.CompleteCommit(deleteTemporaryFile: kept);
        if (!kept)
        {
            DirectorySync.Flush(directory);
        }

        return new BlobInfo(blob.Digest, blob.Size);
    }

    private string NewTemporaryPath() => Path.Combine(_temporaryDirectory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ".tmp");

    private static FileStreamOptions TemporaryFileOptions()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,

            // The writer already writes whole sealed chunks; a second buffer inside FileStream would only copy again.
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
