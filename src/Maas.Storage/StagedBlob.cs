using Maas.Core.Storage;

namespace Maas.Storage;

/// <summary>A fully written, flushed temporary file of <see cref="FileBlobStore"/>, waiting to be committed or dropped.</summary>
internal sealed class StagedBlob : IStagedBlob
{
    private const int Staged = 0, Committing = 1, Done = 2;
    private int _state;

    public StagedBlob(FileBlobStore owner, string temporaryPath, string digest, long size)
    {
        Owner = owner;
        TemporaryPath = temporaryPath;
        Digest = digest;
        Size = size;
    }

    public FileBlobStore Owner { get; }

    public string TemporaryPath { get; }

    public string Digest { get; }

    public long Size { get; }

    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) != Staged, this);
        return new FileStream(TemporaryPath, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.SequentialScan,
        });
    }

    /// <summary>Claims the file for a commit; <c>false</c> when it was committed or disposed already.</summary>
    public bool TryBeginCommit() => Interlocked.CompareExchange(ref _state, Committing, Staged) == Staged;

    /// <summary>Marks the file as moved away, so disposing leaves the blob alone.</summary>
    public void CompleteCommit() => Volatile.Write(ref _state, Done);

    /// <summary>Hands a file whose commit failed back, so disposing deletes it.</summary>
    public void AbortCommit() => Interlocked.CompareExchange(ref _state, Staged, Committing);

    public ValueTask DisposeAsync()
    {
        // Only an uncommitted file is ours to delete; during or after a commit the path is, or becomes, the blob's.
        if (Interlocked.Exchange(ref _state, Done) == Staged)
        {
            TryDelete(TemporaryPath);
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
