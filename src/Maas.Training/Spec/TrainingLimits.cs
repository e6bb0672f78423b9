namespace Maas.Training.Spec;

/// <summary>The server's limits on training work; every one is a flag of <c>maas serve</c>.</summary>
public sealed record TrainingLimits
{
    /// <summary>The most data rows a dataset may have (<c>--max-dataset-rows</c>). Defaults to 1,000,000.</summary>
    public long MaxDatasetRows { get; init; } = 1_000_000;

    /// <summary>The most columns a dataset may have (<c>--max-dataset-columns</c>). Defaults to 2,000.</summary>
    public int MaxDatasetColumns { get; init; } = 2_000;

    /// <summary>The most trainable parameters a network may have (<c>--max-training-parameters</c>). Defaults to 10,000,000.</summary>
    public long MaxParameters { get; init; } = 10_000_000;

    /// <summary>The most epochs a spec may ask for (<c>--max-training-epochs</c>). Defaults to 1,000.</summary>
    public int MaxEpochs { get; init; } = 1_000;

    /// <summary>
    /// The longest a job may take, counted from its first start, so time stopped across a server restart counts
    /// (<c>--max-job-duration</c>). Defaults to 2 hours.
    /// </summary>
    public TimeSpan MaxJobDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// ONNX Runtime intra-op threads per training session (1 = single-threaded kernels). Small networks train faster on
    /// one thread because their kernels are too short to split; bench/RESULTS.md ("Training") has the measurements.
    /// </summary>
    public int TrainingThreads { get; init; } = 1;

    /// <summary>
    /// The memory one training job may use, in bytes (<c>--max-job-memory</c>): the dataset in memory, the network's
    /// parameters, optimiser state and activations at the spec's batch size. A dataset or spec whose estimate is over
    /// it is refused before any work starts, and the job's worker process runs under it as a hard limit. Defaults to 4 GiB.
    /// </summary>
    public long MaxJobMemoryBytes { get; init; } = 4L << 30;

    /// <summary>
    /// The most jobs one API key may have queued or running at once (<c>--max-jobs-per-key</c>); a submission past it is
    /// refused (429) until one of them ends. Defaults to 100.
    /// </summary>
    public int MaxActiveJobsPerKey { get; init; } = 100;

    /// <summary>
    /// The most datasets one API key may see, and so create (<c>--max-datasets-per-key</c>): the datasets its scopes
    /// cover, or every dataset for an unscoped key. Pushing a new dataset past it is refused (409). Defaults to 1,000.
    /// </summary>
    public int MaxDatasetsPerKey { get; init; } = 1_000;

    /// <summary>
    /// The most versions one dataset may keep (<c>--max-dataset-versions</c>); pushing another past it is refused (409)
    /// until old ones are deleted. Defaults to 1,000.
    /// </summary>
    public int MaxDatasetVersions { get; init; } = 1_000;

    /// <summary>Jobs running at once; more wait queued.</summary>
    public int MaxConcurrentJobs { get; init; } = 1;
}
