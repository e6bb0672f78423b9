using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Training;
using Maas.Server.Security;
using Maas.Storage;
using Maas.Training.Spec;

namespace Maas.Server.Training;

/// <summary>
/// Submits, shows, lists and cancels training jobs. A job is visible to keys whose scopes cover the model it
/// registers (admin keys see every job); to any other key it does not exist.
/// </summary>
internal sealed partial class JobService(IJobStore store, IDatasetStore datasets, JobRunner runner, JobEvents events, TrainingSettings settings)
{
    /// <summary>Checks a spec and queues a job for it, pinning the dataset version it names (or the newest).</summary>
    public async Task<JobInfo> SubmitAsync(TrainingSpec spec, MaasCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TrainingSpecValidator.Validate(spec, settings.Limits);
        ResourceName.Validate(spec.Register, "model name");
        caller.AuthorizeNewModel(spec.Register);
        ResourceName.Validate(spec.Dataset, "dataset name");
        if (!caller.CanAccess(spec.Dataset))
        {
            throw MaasErrors.DatasetNotFound(spec.Dataset);
        }

        var dataset = await datasets.GetDatasetVersionAsync(spec.Dataset, spec.DatasetVersion, cancellationToken);
        if (dataset is null)
        {
            var exists = await datasets.GetDatasetAsync(spec.Dataset, cancellationToken) is not null;
            throw !exists ? MaasErrors.DatasetNotFound(spec.Dataset)
                : MaasErrors.DatasetVersionNotFound(spec.Dataset, spec.DatasetVersion);
        }

        CheckMemory(spec, dataset);
        await CheckActiveJobsAsync(caller, cancellationToken);

        // The stored spec names the version trained on, so the job reads the same whatever is pushed later.
        var pinned = spec with { DatasetVersion = dataset.Version };
        var id = "job-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var job = await store.CreateJobAsync(
            new NewJob(id, TrainingJson.ToElement(pinned).GetRawText(), spec.Register, spec.Dataset, dataset.Version, dataset.Digest, caller.KeyId),
            cancellationToken);
        caller.AuditTarget = id;
        runner.Enqueue(id);
        return job.Info;
    }

    /// <summary>Refuses a submission that would give the caller's key more queued or running jobs than the limit.</summary>
    private async Task CheckActiveJobsAsync(MaasCaller caller, CancellationToken cancellationToken)
    {
        var limit = settings.Limits.MaxActiveJobsPerKey;
        var active = await store.CountActiveJobsAsync(caller.KeyId, cancellationToken);
        if (active >= limit)
        {
            throw new MaasException(
                ErrorCode.RateLimited,
                $"This key already has {active} training jobs queued or running, the most one key may have (--max-jobs-per-key, Maas:Training:MaxActiveJobsPerKey). Wait for one to end, or cancel one, and submit again.");
        }
    }

    /// <summary>Refuses a job whose estimated peak memory is over the limit, saying each part of the estimate.</summary>
    private void CheckMemory(TrainingSpec spec, DatasetVersionInfo dataset)
    {
        var estimate = JobMemoryEstimate.For(spec, dataset);
        var limit = settings.Limits.MaxJobMemoryBytes;
        if (estimate.TotalBytes > limit)
        {
            throw MaasException.Invalid(
                $"The job would need about {JobMemoryEstimate.Mib(estimate.TotalBytes)} of memory ({estimate.Describe()} at batch size {spec.BatchSize}); "
                + $"a training job may use at most {JobMemoryEstimate.Mib(limit)} (--max-job-memory, Maas:Training:MaxJobMemoryBytes). "
                + "Use a smaller batch size, fewer or smaller layers, or less data, or raise the limit.");
        }
    }

    /// <summary>The job, live while it runs; 404 when absent or outside the caller's scopes.</summary>
    public async Task<JobInfo> GetAsync(string id, MaasCaller caller, CancellationToken cancellationToken)
    {
        var job = await RequireAsync(id, caller, cancellationToken);
        return job.Info.State == JobState.Running && runner.Snapshot(id) is { } live ? live : job.Info;
    }

    /// <summary>
    /// One page of the jobs the caller may see, newest first, in <paramref name="state"/> when given. A scoped key gets
    /// full pages of the jobs it may see, with the same page tokens (the id of the last job shown) as every key.
    /// </summary>
    public async Task<JobList> ListAsync(JobState? state, int pageSize, string? pageToken, MaasCaller caller, CancellationToken cancellationToken)
    {
        var visible = new List<JobInfo>(pageSize + 1);
        var after = pageToken;
        while (true)
        {
            var page = await store.ListJobsPageAsync(state, caller.IsUnscoped ? Math.Min(pageSize + 1, RegistryLimits.MaxPageSize) : RegistryLimits.MaxPageSize, after, cancellationToken);
            foreach (var job in page.Jobs.Where(j => caller.CanAccess(j.RegisterModel)))
            {
                visible.Add(runner.Snapshot(job.Info.Id) ?? job.Info);
                if (visible.Count > pageSize)
                {
                    // One visible job more than asked for says another page exists.
                    visible.RemoveAt(pageSize);
                    return new JobList(visible, visible[^1].Id);
                }
            }

            if (page.NextPageToken is null)
            {
                return new JobList(visible, null);
            }

            after = page.NextPageToken;
        }
    }

    /// <summary>The job's log, oldest first.</summary>
    public async Task<JobLogs> LogsAsync(string id, MaasCaller caller, CancellationToken cancellationToken)
    {
        _ = await RequireAsync(id, caller, cancellationToken);
        return new JobLogs(await store.ReadJobLogAsync(id, cancellationToken));
    }

    /// <summary>
    /// Cancels a queued job at once, or asks a running one to stop (it ends cancelled within a training step);
    /// <see cref="ErrorCode.Conflict"/> for a job that already ended.
    /// </summary>
    public async Task<JobInfo> CancelAsync(string id, MaasCaller caller, CancellationToken cancellationToken)
    {
        var job = await RequireAsync(id, caller, cancellationToken);
        if (job.Info.IsTerminal)
        {
            throw MaasException.Conflict($"Job '{id}' has already {job.Info.State.ToString().ToLowerInvariant()}; only a queued or running job can be cancelled.");
        }

        if (await store.CancelQueuedJobAsync(id, cancellationToken))
        {
            var cancelled = (await RequireAsync(id, caller, cancellationToken)).Info;
            events.Publish(id, JobEvent.End(cancelled));
            return cancelled;
        }

        runner.TryCancel(id);
        return await GetAsync(id, caller, cancellationToken);
    }

    /// <summary>Throws the "does not exist" answer unless the job exists and the caller may see it.</summary>
    public async Task<StoredJob> RequireAsync(string id, MaasCaller caller, CancellationToken cancellationToken)
    {
        if (!JobIdRegex().IsMatch(id))
        {
            throw MaasException.NotFound("There is no such job: job ids are 'job-' followed by 12 lower-case hex digits.");
        }

        var job = await store.GetJobAsync(id, cancellationToken);
        return job is not null && caller.CanAccess(job.RegisterModel) ? job : throw MaasErrors.JobNotFound(id);
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a job id.</summary>
    public static bool IsJobId(string text) => JobIdRegex().IsMatch(text);

    [GeneratedRegex("^job-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex JobIdRegex();
}
