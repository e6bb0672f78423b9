namespace Maas.Training.Spec;

/// <summary>The server's limits on training work; every one is a flag of <c>maas serve</c>.</summary>
public sealed record TrainingLimits
{
    public long MaxDatasetRows { get; init; } = 1_000_000;

    public int MaxDatasetColumns { get; init; } = 2_000;

    public long MaxParameters { get; init; } = 10_000_000;

    public int MaxEpochs { get; init; } = 1_000;

    public TimeSpan MaxJobDuration { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Jobs running at once; more wait queued.</summary>
    public int MaxConcurrentJobs { get; init; } = 1;
}
