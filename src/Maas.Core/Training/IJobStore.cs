namespace Maas.Core.Training;

/// <summary>
/// Training jobs and their logs. Every method is atomic. A job names its dataset version and digest as they were at
/// submission; the trained version it registers is written through <see cref="Storage.IRegistryStore"/>.
/// </summary>
public interface IJobStore
{
    /// <summary>Inserts a queued job and returns it.</summary>
    Task<StoredJob> CreateJobAsync(NewJob job, CancellationToken cancellationToken);

    /// <summary>The job, or <c>null</c>.</summary>
    Task<StoredJob?> GetJobAsync(string id, CancellationToken cancellationToken);

    /// <summary>Jobs, newest first, only those in <paramref name="state"/> when given.</summary>
    Task<IReadOnlyList<StoredJob>> ListJobsAsync(JobState? state, CancellationToken cancellationToken);

    /// <summary>
    /// One page of jobs, newest first (by creation time, then id), only those in <paramref name="state"/> when given,
    /// starting after the job <paramref name="afterId"/> (the previous page's <see cref="StoredJobPage.NextPageToken"/>).
    /// </summary>
    /// <param name="state">Only jobs in this state; every job when <c>null</c>.</param>
    /// <param name="pageSize">1 to <see cref="Registry.RegistryLimits.MaxPageSize"/>.</param>
    /// <param name="afterId">The last job of the previous page; <c>null</c> for the first page.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<StoredJobPage> ListJobsPageAsync(JobState? state, int pageSize, string? afterId, CancellationToken cancellationToken);

    /// <summary>How many jobs submitted with the key <paramref name="ownerKeyId"/> are queued or running.</summary>
    Task<int> CountActiveJobsAsync(string ownerKeyId, CancellationToken cancellationToken);

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
}
