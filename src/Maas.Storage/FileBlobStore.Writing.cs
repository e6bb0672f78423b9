using System.Buffers;
using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Storage;

namespace Maas.Storage;

public sealed partial class FileBlobStore
{
    private const int CopyBufferBytes = 1 << 20;

    /// <inheritdoc />
    /// <remarks>
    /// The content is copied through one pooled 1 MiB buffer, never held whole in memory. On any failure, including
    /// cancellation and an oversized upload, the temporary file is deleted before the exception propagates.
    /// </remarks>
    public async Task<IStagedBlob> StageAsync(Stream content, long maxBytes, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);

        var temporaryPath = Path.Combine(_temporaryDirectory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ".tmp");
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        var created = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temporaryPath, TemporaryFileOptions()))
            {
                created = true;
                while (true)
                {
                    // Never ask for more than one byte past the limit, so an oversized upload is refused as soon as
                    // that byte arrives rather than a buffer later.
                    // (size never exceeds maxBytes here, so the subtraction cannot overflow even for long.MaxValue.)
                    var remaining = maxBytes - size;
                    var wanted = remaining < CopyBufferBytes ? (int)remaining + 1 : CopyBufferBytes;
                    var read = await content.ReadAsync(buffer.AsMemory(0, wanted), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    size += read;
                    if (size > maxBytes)
                    {
                        throw new MaasException(ErrorCode.PayloadTooLarge, $"The upload exceeds the limit of {maxBytes} bytes.");
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(size);
                }

                // The data must be on disk before a commit renames the file into place; otherwise a power cut after the
                // rename could leave a blob whose name promises content it does not have.
                file.Flush(flushToDisk: true);
            }

            return new StagedBlob(this, temporaryPath, BlobDigest.FromHash(hash.GetHashAndReset()), size);
        }
        catch
        {
            // Only a file this call created is deleted; CreateNew guarantees no one else's was opened.
            if (created)
            {
                StagedBlob.TryDelete(temporaryPath);
            }

            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The staged file is made read-only and renamed over any existing blob of the same digest: rename is atomic,
    /// and identical content makes either copy right, so the store ends with one file. The blob's folder is then
    /// fsynced so the rename itself survives a crash.
    /// </remarks>
    public Task<BlobInfo> CommitAsync(IStagedBlob staged, CancellationToken cancellationToken)
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
        try
        {
            CreateDirectoryDurably(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(blob.TemporaryPath, UnixFileMode.UserRead);
            }

            File.Move(blob.TemporaryPath, Path.Combine(directory, hex), overwrite: true);
        }
        catch
        {
            blob.AbortCommit();
            throw;
        }

        blob.CompleteCommit();
        DirectorySync.Flush(directory);
        return Task.FromResult(new BlobInfo(blob.Digest, blob.Size));
    }

    private static FileStreamOptions TemporaryFileOptions()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,

            // The copy loop already writes in 1 MiB pieces; a second buffer inside FileStream would only copy again.
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
