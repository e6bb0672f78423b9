using System.Buffers;
using Maas.Core;
using Maas.Core.Storage;

namespace Maas.Storage;

/// <summary>
/// Content-addressed blobs in a local folder: <c>&lt;root&gt;/sha256/&lt;first 2 hex&gt;/&lt;64 hex&gt;</c>, staged
/// under <c>&lt;root&gt;/tmp/</c> on the same volume so that committing is an atomic rename. Paths are built only from
/// digests checked by <see cref="BlobDigest.Hex"/>, never from other caller strings.
/// </summary>
/// <remarks>
/// The store holds no open files between calls, so it needs no disposal. Stored blobs are made read-only for the
/// owner and folders are private to the owner (Unix).
/// </remarks>
public sealed partial class FileBlobStore : IBlobStore
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly string _blobDirectory;
    private readonly string _temporaryDirectory;

    /// <summary>Uses <paramref name="rootDirectory"/> for the store, creating it and its subfolders when missing.</summary>
    /// <param name="rootDirectory">The store's folder, such as <c>data/blobs</c>.</param>
    public FileBlobStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        var root = Path.GetFullPath(rootDirectory);
        _blobDirectory = Path.Combine(root, "sha256");
        _temporaryDirectory = Path.Combine(root, "tmp");
        CreateDirectoryDurably(root);
        CreateDirectoryDurably(_blobDirectory);
        CreateDirectory(_temporaryDirectory);
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            }));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MaasException(ErrorCode.NotFound, $"No blob with digest '{digest}' is stored.", exception);
        }
    }

    /// <inheritdoc />
    public bool Exists(string digest) => File.Exists(PathOf(digest));

    /// <inheritdoc />
    /// <remarks>
    /// The unlink is not fsynced: if a crash forgets it, the blob comes back unreferenced and the start-up sweep of
    /// orphans removes it again.
    /// </remarks>
    public Task DeleteAsync(string digest, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // No blob shares its first two hex digits yet; there is nothing to delete.
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IEnumerable<string> ListDigests()
    {
        if (!Directory.Exists(_blobDirectory))
        {
            yield break;
        }

        foreach (var directory in Directory.EnumerateDirectories(_blobDirectory))
        {
            var prefix = Path.GetFileName(directory);
            if (prefix.Length != 2 || prefix.AsSpan().ContainsAnyExcept(LowerHex))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                // Anything else in the tree (an editor's backup, a stray copy) is not a blob and is not reported.
                var name = Path.GetFileName(file);
                if (name.Length == 64 && name.StartsWith(prefix, StringComparison.Ordinal) && !name.AsSpan().ContainsAnyExcept(LowerHex))
                {
                    yield return BlobDigest.Prefix + name;
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Call it at start-up, before uploads are accepted: it also deletes the files of uploads in progress.</remarks>
    public Task<int> RemoveTemporaryFilesAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var entry in new DirectoryInfo(_temporaryDirectory).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();

            // A link is removed itself (unlink), never followed into whatever it points at.
            if (entry is DirectoryInfo directory && directory.LinkTarget is null)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                File.Delete(entry.FullName);
            }

            removed++;
        }

        return Task.FromResult(removed);
    }

    private string PathOf(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var hex = BlobDigest.Hex(digest);
        return Path.Combine(_blobDirectory, hex[..2], hex);
    }

    private static bool CreateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateDirectory);
        }

        return true;
    }

    // A new directory is an entry in its parent; until the parent is fsynced a crash can lose it and every blob in it.
    private static void CreateDirectoryDurably(string path)
    {
        if (CreateDirectory(path))
        {
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
    }
}
