namespace Maas.Training.Spec;

/// <summary>The server's limits on training work; every one is a flag of <c>maas serve</c>.</summary>
public sealed record TrainingLimits
{
    public long MaxDatasetRows { get; init; } = 1_000_000;

    public int MaxDatasetColumns { get; init; } = 2_000;

    public long MaxParameters { get; init; } = 10_000_000;

    public int MaxEpochs { get; init; } = 1_000;

    public TimeSpan MaxJobDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// ONNX Runtime intra-op threads per training session (1 = single-threaded kernels). Small networks train faster on
    /// one thread because their kernels are too short to split; bench/RESULTS.md ("Training") has the measurements.
    /// </summary>
    public int TrainingThreads { get; init; } = 1;

    /// <summary>Jobs running at once; more wait queued.</summary>
    public int MaxConcurrentJobs { get; init; } = 1;
}
