using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>Where a training job is in its life. Succeeded, failed and cancelled are terminal.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<JobState>))]
public enum JobState
{
    /// <summary>Waiting for a free slot (or to resume after a restart).</summary>
    Queued,

    /// <summary>Training.</summary>
    Running,

    /// <summary>Finished and registered its model version.</summary>
    Succeeded,

    /// <summary>Stopped on an error; <see cref="JobInfo.Error"/> says which.</summary>
    Failed,

    /// <summary>Cancelled by a caller.</summary>
    Cancelled,
}

/// <summary>A training job as the API shows it.</summary>
/// <param name="Id"><c>job-</c> followed by 12 lower-case hex digits.</param>
/// <param name="State">Queued, running, succeeded, failed or cancelled.</param>
/// <param name="Spec">The training spec, as submitted (with defaults filled in).</param>
/// <param name="Created">When the job was submitted.</param>
/// <param name="Started">When it first started running; <c>null</c> while first queued.</param>
/// <param name="Finished">When it reached a terminal state.</param>
/// <param name="Progress">Epoch, step, percent and estimated time left.</param>
/// <param name="History">One entry per completed epoch, in order.</param>
/// <param name="Metrics">The final metrics per split (<c>train</c>, <c>validation</c>, <c>test</c>), once succeeded.</param>
/// <param name="Result">The registered model version, once succeeded.</param>
/// <param name="Error">Why the job failed, as a sentence; <c>null</c> otherwise.</param>
public sealed record JobInfo(
    string Id,
    JobState State,
    JsonElement Spec,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    JobProgress Progress,
    IReadOnlyList<JobEpoch> History,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Metrics,
    JobResult? Result,
    string? Error)
{
    /// <summary>Whether the job will change no more.</summary>
    [JsonIgnore]
    public bool IsTerminal => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

/// <summary>How far a job has come.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Epochs">Epochs planned (boosting rounds for trees).</param>
/// <param name="Step">Steps completed in the current epoch.</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Percent">Overall completion, 0–100.</param>
/// <param name="EtaSeconds">Estimated seconds left, when there is enough to go on.</param>
public sealed record JobProgress(int Epoch, int Epochs, int Step, int Steps, double Percent, double? EtaSeconds)
{
    /// <summary>Nothing done yet.</summary>
    public static JobProgress None { get; } = new(0, 0, 0, 0, 0, null);
}

/// <summary>One completed epoch.</summary>
/// <param name="Epoch">The epoch's number, from 1.</param>
/// <param name="TrainLoss">The mean training loss over the epoch.</param>
/// <param name="ValidationLoss">The loss on the validation split after the epoch.</param>
/// <param name="Metrics">Validation metrics after the epoch (accuracy, r2…).</param>
public sealed record JobEpoch(int Epoch, double? TrainLoss, double? ValidationLoss, IReadOnlyDictionary<string, double>? Metrics);

/// <summary>The model version a succeeded job registered.</summary>
public sealed record JobResult(string Model, int Version);

/// <summary>The body of <c>GET /api/v1/jobs</c>: one page of jobs, newest first.</summary>
/// <param name="Jobs">The jobs of the page.</param>
/// <param name="NextPageToken">Pass as <c>pageToken</c> to get the next page; <c>null</c> on the last page.</param>
public sealed record JobList(IReadOnlyList<JobInfo> Jobs, string? NextPageToken = null);

/// <summary>One line of a job's log.</summary>
public sealed record JobLogLine(DateTimeOffset Time, string Message);

/// <summary>The body of <c>GET /api/v1/jobs/{id}/logs</c>, oldest first.</summary>
public sealed record JobLogs(IReadOnlyList<JobLogLine> Lines);
