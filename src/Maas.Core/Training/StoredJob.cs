namespace Maas.Core.Training;

/// <summary>A job as the store keeps it: what the API shows, plus what only the server needs.</summary>
/// <param name="Info">The job as the API shows it.</param>
/// <param name="OwnerKeyId">The id of the API key that submitted it.</param>
/// <param name="RegisterModel">The model the job registers its result as (from the spec), for scope checks.</param>
/// <param name="DatasetVersion">The dataset version pinned at submission.</param>
/// <param name="DatasetDigest">That version's CSV digest; the blob is kept while the job is queued or running.</param>
/// <param name="CheckpointDigest">The blob of the last epoch's checkpoint, or <c>null</c> before the first one.</param>
/// <param name="CheckpointEpoch">The epoch that checkpoint closes (0 when there is none).</param>
public sealed record StoredJob(
    JobInfo Info,
    string OwnerKeyId,
    string RegisterModel,
    int DatasetVersion,
    string DatasetDigest,
    string? CheckpointDigest,
    int CheckpointEpoch);

/// <summary>What a new job row holds.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="SpecJson">The spec as JSON.</param>
/// <param name="RegisterModel">The model the job registers.</param>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="DatasetVersion">The dataset version pinned for the job.</param>
/// <param name="DatasetDigest">That version's digest.</param>
/// <param name="OwnerKeyId">The submitting key's id.</param>
public sealed record NewJob(string Id, string SpecJson, string RegisterModel, string Dataset, int DatasetVersion, string DatasetDigest, string OwnerKeyId);

/// <summary>How a job ended.</summary>
/// <param name="State">Succeeded, failed or cancelled.</param>
/// <param name="Metrics">Final metrics per split, when succeeded.</param>
/// <param name="Result">The registered version, when succeeded.</param>
/// <param name="Error">The failure's sentence, when failed.</param>
public sealed record JobOutcome(
    JobState State,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Metrics,
    JobResult? Result,
    string? Error);
