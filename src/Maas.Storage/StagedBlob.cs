using System.Security.Cryptography;
using Maas.Core.Storage;
using Maas.Storage.Encryption;

namespace Maas.Storage;

/// <summary>
/// A fully written, flushed, encrypted temporary file of <see cref="FileBlobStore"/>, waiting to be committed or
/// dropped. It holds the blob's data key in memory until then, and zeroes it when done.
/// </summary>
internal sealed class StagedBlob : IStagedBlob
{
    private const int Staged = 0, Committing = 1, Done = 2;
    private readonly byte[] _dataKey;
    private int _state;

    public StagedBlob(FileBlobStore owner, string temporaryPath, string digest, long size, byte[] dataKey, byte[] header)
    {
        Owner = owner;
        TemporaryPath = temporaryPath;
        Digest = digest;
        Size = size;
        _dataKey = dataKey;
        Header = header;
    }

    public FileBlobStore Owner { get; }

    public string TemporaryPath { get; }

    public string Digest { get; }

    public long Size { get; }

    /// <summary>The blob's header, which the wrapped key is bound to.</summary>
    public byte[] Header { get; }

    /// <summary>The data key; valid until the commit completes or the blob is disposed.</summary>
    public ReadOnlySpan<byte> DataKey => _dataKey;

    /// <summary>Decrypts the staged file for validation before commit; the tags and the digest are checked as it is read.</summary>
    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) != Staged, this);
        return EncryptedBlobReader.Open(TemporaryPath, Digest, Header, _dataKey);
    }

    /// <summary>Claims the file for a commit; <c>false</c> when it was committed or disposed already.</summary>
    public bool TryBeginCommit() => Interlocked.CompareExchange(ref _state, Committing, Staged) == Staged;

    /// <summary>
    /// Marks the commit done, so disposing leaves the blob alone, and forgets the data key. With
    /// <paramref name="deleteTemporaryFile"/> the staged copy was not needed (the content was stored already).
    /// </summary>
    public void CompleteCommit(bool deleteTemporaryFile)
    {
        if (deleteTemporaryFile)
        {
            TryDelete(TemporaryPath);
        }

        CryptographicOperations.ZeroMemory(_dataKey);
        Volatile.Write(ref _state, Done);
    }

    /// <summary>Hands a file whose commit failed back, so disposing deletes it.</summary>
    public void AbortCommit() => Interlocked.CompareExchange(ref _state, Staged, Committing);

    public ValueTask DisposeAsync()
    {
        // Only an uncommitted file is ours to delete; during or after a commit the path is, or becomes, the blob's.
        if (Interlocked.Exchange(ref _state, Done) == Staged)
        {
            TryDelete(TemporaryPath);
            CryptographicOperations.ZeroMemory(_dataKey);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Deletes a temporary file without letting a failure to do so hide the error being handled or escape a dispose;
    /// a file left behind is removed by <see cref="FileBlobStore.RemoveTemporaryFilesAsync"/> at the next start.
    /// </summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the start-up sweep, as described above.
        }
    }
}
