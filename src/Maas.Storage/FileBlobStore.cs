using System.Buffers;
using Maas.Core;
using Maas.Core.Storage;
using Maas.Storage.Encryption;

namespace Maas.Storage;

/// <summary>
/// Content-addressed, encrypted blobs in a local folder: <c>&lt;root&gt;/sha256/&lt;first 2 hex&gt;/&lt;64 hex&gt;</c>
/// holds the ciphertext and <c>&lt;root&gt;/keys/&lt;first 2 hex&gt;/&lt;64 hex&gt;</c> its data key wrapped under the
/// master key; uploads are staged under <c>&lt;root&gt;/tmp/</c> on the same volume so that committing is an atomic
/// rename. Digests are those of the plaintext. Paths are built only from digests checked by
/// <see cref="BlobDigest.Hex"/>, never from other caller strings.
/// </summary>
/// <remarks>
/// Stored files are read-only for the owner and folders are private to the owner (Unix). Disposing zeroes the master
/// keys the store holds; it is idempotent. The file formats are described on <see cref="BlobFormat"/> and
/// <see cref="WrappedKeyFile"/>.
/// </remarks>
public sealed partial class FileBlobStore : IBlobStore, IMasterKeyRotation, IDisposable
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly string _blobDirectory;
    private readonly string _keyDirectory;
    private readonly string _temporaryDirectory;
    private readonly MasterKeyring _keys;
    private readonly int _chunkSize;

    // Serialises the writes of key files (commit, delete, rewrap) with each other and with the start of a rotation,
    // so no data key is ever wrapped under a master key that a rotation has already passed over.
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private readonly SemaphoreSlim _rotationLock = new(1, 1);
    private int _disposed;

    internal FileBlobStore(string rootDirectory, MasterKeyring keys, int chunkSize = BlobFormat.DefaultChunkSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, BlobFormat.MinChunkSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, BlobFormat.MaxChunkSize);
        var root = Path.GetFullPath(rootDirectory);
        _blobDirectory = Path.Combine(root, "sha256");
        _keyDirectory = Path.Combine(root, "keys");
        _temporaryDirectory = Path.Combine(root, "tmp");
        _keys = keys;
        _chunkSize = chunkSize;
        CreateDirectoryDurably(root);
        CreateDirectoryDurably(_blobDirectory);
        CreateDirectoryDurably(_keyDirectory);
        CreateDirectory(_temporaryDirectory);
    }

    /// <summary>
    /// Opens the store in <paramref name="rootDirectory"/> (such as <c>data/blobs</c>), creating its folders when
    /// missing, with the master key <paramref name="encryption"/> describes: from the environment, or from
    /// <c>master.key</c>, generated on first start.
    /// </summary>
    /// <exception cref="MaasException">
    /// <see cref="ErrorCode.InvalidArgument"/> with a sentence for the operator when the key is malformed, when
    /// <c>master.key</c> is readable by others or contradicts the environment, or when blobs exist but no key does.
    /// </exception>
    public static Task<FileBlobStore> OpenAsync(string rootDirectory, BlobEncryptionOptions encryption, CancellationToken cancellationToken) =>
        OpenAsync(rootDirectory, encryption, BlobFormat.DefaultChunkSize, cancellationToken);

    /// <summary>Opens the store with chunks of <paramref name="chunkSize"/> bytes, so tests can reach many chunks with little data.</summary>
    internal static async Task<FileBlobStore> OpenAsync(string rootDirectory, BlobEncryptionOptions encryption, int chunkSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        ArgumentNullException.ThrowIfNull(encryption);
        var root = Path.GetFullPath(rootDirectory);
        var hasBlobs = HasFiles(Path.Combine(root, "sha256")) || HasFiles(Path.Combine(root, "keys"));
        var keys = await MasterKeyring.OpenAsync(encryption, hasBlobs, cancellationToken);
        try
        {
            return new FileBlobStore(root, keys, chunkSize);
        }
        catch
        {
            keys.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public bool Exists(string digest) => File.Exists(PathOf(digest));

    /// <inheritdoc />
    /// <remarks>
    /// The blob goes first, then its key, so a blob never lacks its key. The unlinks are not fsynced: if a crash
    /// forgets them, the blob comes back unreferenced and the start-up sweep of orphans removes it again.
    /// </remarks>
    public async Task DeleteAsync(string digest, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            DeleteIfPresent(path);
            DeleteIfPresent(KeyPathOf(BlobDigest.Hex(digest)));
        }
        finally
        {
            _keyLock.Release();
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> ListDigests() => ListNames(_blobDirectory).Select(hex => BlobDigest.Prefix + hex);

    /// <inheritdoc />
    /// <remarks>
    /// Call it at start-up, before uploads are accepted: it deletes the files of uploads in progress, and the keys of
    /// blobs whose commit a crash cut between the key and the blob.
    /// </remarks>
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

        foreach (var hex in ListNames(_keyDirectory).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!File.Exists(Path.Combine(_blobDirectory, hex[..2], hex)))
            {
                File.Delete(KeyPathOf(hex));
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _keys.Dispose();
            _keyLock.Dispose();
            _rotationLock.Dispose();
        }
    }

    private string PathOf(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var hex = BlobDigest.Hex(digest);
        return Path.Combine(_blobDirectory, hex[..2], hex);
    }

    private string KeyPathOf(string hex) => Path.Combine(_keyDirectory, hex[..2], hex);

    // The 64-hex names under a sha256/ or keys/ tree. Anything else there (an editor's backup, a stray copy) is not a
    // blob and is not reported.
    private static IEnumerable<string> ListNames(string tree)
    {
        if (!Directory.Exists(tree))
        {
            yield break;
        }

        foreach (var directory in Directory.EnumerateDirectories(tree))
        {
            var prefix = Path.GetFileName(directory);
            if (prefix.Length != 2 || prefix.AsSpan().ContainsAnyExcept(LowerHex))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                if (name.Length == 64 && name.StartsWith(prefix, StringComparison.Ordinal) && !name.AsSpan().ContainsAnyExcept(LowerHex))
                {
                    yield return name;
                }
            }
        }
    }

    private static bool HasFiles(string tree) =>
        Directory.Exists(tree) && Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories).Any();

    private static void DeleteIfPresent(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // No blob shares its first two hex digits yet; there is nothing to delete.
        }
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
