using System.Text.Json;
using System.Text.Json.Serialization;
using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Spec;

namespace Maas.Server.Training.Worker;

/// <summary>What a job's trainer is given, wherever it runs: the spec, the limits, and what it logs about its inputs.</summary>
/// <param name="Spec">The stored spec (the REST API's JSON).</param>
/// <param name="Limits">The server's training limits; the trainer checks the spec, the data and the deadline against them.</param>
/// <param name="Dataset">The dataset's name, for the log.</param>
/// <param name="DatasetVersion">The pinned dataset version, for the log.</param>
/// <param name="JobStarted">When the job first started: the deadline counts from it.</param>
/// <param name="CheckpointEpoch">The epoch of the checkpoint that follows, or <c>null</c> when the job starts afresh.</param>
internal sealed record WorkerStart(
    JsonElement Spec,
    TrainingLimits Limits,
    string Dataset,
    int DatasetVersion,
    DateTimeOffset JobStarted,
    int? CheckpointEpoch);

/// <summary>A finished run, without its model (which follows in its own frame).</summary>
internal sealed record WorkerResult(
    TaskKind Task,
    IReadOnlyList<string>? ClassNames,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics,
    int EpochsRun);

/// <summary>A run that failed in the worker.</summary>
/// <param name="Code">The error code of a domain failure (a spec that does not fit the data, the deadline).</param>
/// <param name="Message">The sentence for the job's error, or an unexpected exception's text for the server log.</param>
/// <param name="Kind">What kind of failure it was.</param>
internal sealed record WorkerFailure(ErrorCode Code, string Message, WorkerFailureKind Kind);

/// <summary>How a run in the worker failed.</summary>
internal enum WorkerFailureKind
{
    /// <summary>A <see cref="MaasException"/>: its sentence is the job's error.</summary>
    Domain,

    /// <summary>The managed heap reached its hard limit.</summary>
    OutOfMemory,

    /// <summary>Anything else: its text goes to the server log, not to the job.</summary>
    Unexpected,
}

/// <summary>The JSON of the worker's messages: the REST API's conventions, with NaN allowed (an empty split's loss).</summary>
internal static class WorkerJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] Write<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <exception cref="InvalidDataException">The payload is not a <typeparamref name="T"/>: the other side broke the protocol.</exception>
    public static T Read<T>(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"a null {typeof(T).Name}");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"a {typeof(T).Name} that does not parse: {exception.Message}", exception);
        }
    }
}
