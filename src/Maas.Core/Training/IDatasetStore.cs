namespace Maas.Core.Training;

/// <summary>
/// Datasets and their numbered versions. Every method is atomic; names are validated by the caller. Blobs are
/// committed by the caller before a row names them.
/// </summary>
public interface IDatasetStore
{
    /// <summary>Records the next version of a dataset (creating the dataset on its first push) for a committed blob.</summary>
    Task<DatasetVersionInfo> AddDatasetVersionAsync(string name, BlobInfo blob, long rows, IReadOnlyList<DatasetColumn> columns, CancellationToken cancellationToken);

    /// <summary>Every dataset, ordered by name.</summary>
    Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken);

    /// <summary>The dataset with its versions, newest first, or <c>null</c> when there is none of that name.</summary>
    Task<DatasetInfo?> GetDatasetAsync(string name, CancellationToken cancellationToken);

    /// <summary>A version of a dataset (the newest when <paramref name="version"/> is <c>null</c>), or <c>null</c>.</summary>
    Task<DatasetVersionInfo?> GetDatasetVersionAsync(string name, int? version, CancellationToken cancellationToken);

    /// <summary>Deletes one version and returns it; <see cref="ErrorCode.NotFound"/> when absent.</summary>
    Task<DatasetVersionInfo> DeleteDatasetVersionAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>Deletes a dataset with all its versions and returns them; <see cref="ErrorCode.NotFound"/> when absent.</summary>
    Task<IReadOnlyList<DatasetVersionInfo>> DeleteDatasetAsync(string name, CancellationToken cancellationToken);
}
