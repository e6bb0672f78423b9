using System.Globalization;
using Maas.Core;

namespace Maas.Runtime;

/// <summary>
/// Per-model serving settings. They take effect when a version loads; a loaded version keeps the settings it was
/// loaded with until it is unloaded or evicted.
/// </summary>
/// <param name="MaxBatchSize">
/// The most rows one dynamic batch holds (1 to 4096, default 32). 1 turns dynamic batching off. Batching applies only
/// to models whose every input and output has a symbolic first dimension.
/// </param>
/// <param name="MaxQueueDelay">
/// How long the oldest queued request may wait for others to join its batch (0 to 1 s); <c>null</c> means none (natural batching).
/// </param>
/// <param name="InstanceCount">How many executions of this version may run at once (1 to 16, default 1).</param>
/// <param name="IntraOpThreads">ONNX Runtime intra-op threads for this version (0 to 64); 0 takes the host's setting.</param>
/// <param name="MaxQueueSize">
/// The most requests waiting for this version (1 to 100000, default 256); beyond it requests fail at once with
/// <see cref="ErrorCode.Unavailable"/>.
/// </param>
public sealed record ModelRuntimeConfig(
    int MaxBatchSize = 32,
    TimeSpan? MaxQueueDelay = null,
    int InstanceCount = 1,
    int IntraOpThreads = 0,
    int MaxQueueSize = 256)
{
    /// <summary>
    /// The queue delay used when <see cref="MaxQueueDelay"/> is not set: none. A request that finds the version idle
    /// runs at once, and the requests that arrive while a batch runs form the next batch (natural batching), so a
    /// lone request never waits for company that is not coming.
    /// </summary>
    public static readonly TimeSpan DefaultQueueDelay = TimeSpan.Zero;

    /// <summary>The defaults: batches of up to 32 rows, a 2 ms window, one instance, the host's threads, 256 queued requests.</summary>
    public static ModelRuntimeConfig Default { get; } = new();

    /// <summary>The effective queue delay: <see cref="MaxQueueDelay"/>, or none when it is not set.</summary>
    public TimeSpan QueueDelay => MaxQueueDelay ?? DefaultQueueDelay;

    /// <summary>Throws <see cref="ErrorCode.InvalidArgument"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        CheckRange(nameof(MaxBatchSize), MaxBatchSize, 1, 4096);
        CheckRange(nameof(InstanceCount), InstanceCount, 1, 16);
        CheckRange(nameof(IntraOpThreads), IntraOpThreads, 0, 64);
        CheckRange(nameof(MaxQueueSize), MaxQueueSize, 1, 100_000);
        if (QueueDelay < TimeSpan.Zero || QueueDelay > TimeSpan.FromSeconds(1))
        {
            throw MaasException.Invalid(
                $"MaxQueueDelay must be between 0 and 1 second; got {QueueDelay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms.");
        }
    }

    private static void CheckRange(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw MaasException.Invalid($"{name} must be between {min} and {max}; got {value}.");
        }
    }
}
