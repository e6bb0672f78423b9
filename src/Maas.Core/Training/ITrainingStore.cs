namespace Maas.Core.Training;

/// <summary>
/// Datasets, training jobs and their logs, and trained model versions with their lineage. Every method is atomic;
/// names are validated by the caller. Blobs are committed by the caller before a row names them.
/// </summary>
public interface ITrainingStore
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

    /// <summary>Inserts a queued job and returns it.</summary>
    Task<StoredJob> CreateJobAsync(NewJob job, CancellationToken cancellationToken);

    /// <summary>The job, or <c>null</c>.</summary>
    Task<StoredJob?> GetJobAsync(string id, CancellationToken cancellationToken);

    /// <summary>Jobs, newest first, only those in <paramref name="state"/> when given.</summary>
    Task<IReadOnlyList<StoredJob>> ListJobsAsync(JobState? state, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a queued job to running (setting its start time the first time) and returns it; <c>null</c> when the job
    /// is not queued any more (cancelled meanwhile).
    /// </summary>
    Task<StoredJob?> TryStartJobAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces a running job's progress and history.</summary>
    Task SaveJobProgressAsync(string id, JobProgress progress, IReadOnlyList<JobEpoch> history, CancellationToken cancellationToken);

    /// <summary>Points the job at a new checkpoint blob closing <paramref name="epoch"/>; returns the digest it replaced, if any.</summary>
    Task<string?> SaveJobCheckpointAsync(string id, string digest, int epoch, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a job that is not terminal yet: state, finish time, metrics, result, error; drops its checkpoint reference
    /// and returns the digest it held. <c>false</c> in the tuple when the job was already terminal.
    /// </summary>
    Task<(bool Finished, string? Checkpoint)> FinishJobAsync(string id, JobOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Cancels a job only while it is queued; <c>true</c> when it was.</summary>
    Task<bool> CancelQueuedJobAsync(string id, CancellationToken cancellationToken);

    /// <summary>Puts jobs a stopped process left running back in the queue (at start-up); returns how many.</summary>
    Task<int> RequeueRunningJobsAsync(CancellationToken cancellationToken);

    /// <summary>Appends lines to a job's log.</summary>
    Task AppendJobLogAsync(string id, IReadOnlyList<JobLogLine> lines, CancellationToken cancellationToken);

    /// <summary>A job's log, oldest first.</summary>
    Task<IReadOnlyList<JobLogLine>> ReadJobLogAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Registers the next version of a model for a committed blob, with the lineage of the job that trained it, in one
    /// transaction; <see cref="ErrorCode.NotFound"/> when the model does not exist.
    /// </summary>
    Task<Registry.ModelVersionInfo> AddTrainedVersionAsync(string name, BlobInfo blob, ModelSignature signature, ModelLineage lineage, CancellationToken cancellationToken);
}
