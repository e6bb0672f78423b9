namespace Maas.Core.Storage;

/// <summary>
/// Content written to a temporary file and hashed, not yet committed. Disposing it without committing deletes the
/// temporary file.
/// </summary>
public interface IStagedBlob : IAsyncDisposable
{
    /// <summary>The digest of the content, <c>sha256:&lt;hex&gt;</c>.</summary>
    string Digest { get; }

    /// <summary>The content length in bytes.</summary>
    long Size { get; }

    /// <summary>Opens the staged content for reading (for validation before commit).</summary>
    Stream OpenRead();
}
