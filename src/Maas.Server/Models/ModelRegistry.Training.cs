using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Server.Models;

/// <summary>
/// The blob write paths of training (dataset pushes, checkpoints, trained versions). They take the same gate as
/// uploads and deletions, so a blob is never removed between another write's commit and its row's insert.
/// </summary>
internal sealed partial class ModelRegistry
{
    /// <summary>
    /// Commits <paramref name="staged"/> and records the row naming it under the blob gate; then deletes the blob the
    /// record reports as released (a replaced checkpoint) when nothing refers to it any more.
    /// </summary>
    public async Task<T> CommitBlobAsync<T>(IStagedBlob staged, Func<BlobInfo, Task<T>> record, Func<T, string?> released, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(released);
        await _blobGate.WaitAsync(cancellationToken);
        try
        {
            var blob = await blobs.CommitAsync(staged, cancellationToken);
            var result = await record(blob);
            if (released(result) is { } digest && digest != blob.Digest)
            {
                await DeleteIfUnreferencedAsync(digest);
            }

            return result;
        }
        finally
        {
            _blobGate.Release();
        }
    }

    /// <summary>
    /// Removes rows with <paramref name="remove"/> under the blob gate, then deletes each blob it returns that no row
    /// refers to any more.
    /// </summary>
    public async Task<T> RemoveRowsAsync<T>(Func<Task<T>> remove, Func<T, IEnumerable<string?>> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remove);
        ArgumentNullException.ThrowIfNull(digests);
        await _blobGate.WaitAsync(cancellationToken);
        try
        {
            var result = await remove();
            foreach (var digest in digests(result).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                await DeleteIfUnreferencedAsync(digest);
            }

            return result;
        }
        finally
        {
            _blobGate.Release();
        }
    }

    /// <summary>
    /// Registers a trained ONNX model as the next version of <paramref name="name"/>, through the same checks as an
    /// upload (the ONNX inspector, the declared-shape limit, encryption at rest), with its lineage in the same
    /// transaction as the version row.
    /// </summary>
    public Task<ModelVersionInfo> AddTrainedVersionAsync(string name, Stream content, ModelLineage lineage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        return RegisterAsync(name, content, lineage, cancellationToken);
    }

    private async Task DeleteIfUnreferencedAsync(string digest)
    {
        if (!await references.IsBlobReferencedAsync(digest, CancellationToken.None))
        {
            await blobs.DeleteAsync(digest, CancellationToken.None);
        }
    }
}
