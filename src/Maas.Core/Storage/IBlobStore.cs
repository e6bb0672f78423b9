namespace Maas.Core.Storage;

/// <summary>
/// Content-addressed, immutable blobs. Writing is two-phase: <see cref="StageAsync"/> streams the content to a
/// temporary file while hashing it, the caller inspects it, and <see cref="CommitAsync"/> makes it durable under its
/// digest. A crash at any point leaves either nothing or a complete blob; leftovers are removed by
/// <see cref="RemoveTemporaryFilesAsync"/> at start-up.
/// </summary>
/// <remarks>
/// A store may keep blobs encrypted; digests and sizes are always those of the plaintext, and every stream it hands
/// out yields plaintext. Stored data that fails a check is never returned: reading it throws a
/// <see cref="MaasException"/> with <see cref="ErrorCode.IntegrityFailure"/>.
/// </remarks>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to a temporary file, computing its SHA-256 and length, and flushes it to
    /// disk. Throws <see cref="ErrorCode.PayloadTooLarge"/> as soon as more than <paramref name="maxBytes"/> arrive.
    /// </summary>
    /// <param name="content">The source; read once, to its end.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="progress">Receives the number of bytes written so far; may be <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the copy; the temporary file is removed.</param>
    Task<IStagedBlob> StageAsync(Stream content, long maxBytes, IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a staged blob to its content-addressed place and makes the rename durable (directory fsync). Identical
    /// content already stored is kept once. After this returns the blob survives a crash.
    /// </summary>
    Task<BlobInfo> CommitAsync(IStagedBlob staged, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a stored blob for reading; <see cref="ErrorCode.NotFound"/> when it is absent. Reading the stream in order
    /// to its end verifies the content against <paramref name="digest"/> before the last bytes are returned, so a
    /// reader that got every byte got the content the digest names; damaged content throws
    /// <see cref="ErrorCode.IntegrityFailure"/>, here or from a read.
    /// </summary>
    Task<Stream> OpenReadAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Whether a blob with this digest is stored.</summary>
    bool Exists(string digest);

    /// <summary>Deletes a stored blob if present.</summary>
    Task DeleteAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Lists the digests of all stored blobs.</summary>
    IEnumerable<string> ListDigests();

    /// <summary>Deletes temporary files left by an interrupted write; returns how many were removed.</summary>
    Task<int> RemoveTemporaryFilesAsync(CancellationToken cancellationToken);
}
