namespace Maas.Core.Registry;

/// <summary>
/// How a model's versions are served: the body of <c>PUT /api/v1/models/{name}/config</c>. Immutable; every model
/// starts with <see cref="Default"/>.
/// </summary>
/// <param name="MaxBatchSize">The most rows one execution takes; 1 disables dynamic batching. Default 32.</param>
/// <param name="MaxQueueDelayMs">How long the first queued request may wait for others to join its batch, in milliseconds. Default 0: natural batching, where the requests that arrive while a batch runs form the next one.</param>
/// <param name="InstanceCount">How many executions of one version may run at once. Default 1.</param>
/// <param name="IntraOpThreads">ONNX Runtime intra-op threads per execution; 0 uses the server's default. Default 0.</param>
/// <param name="MaxQueueSize">How many requests may wait per version before new ones are refused with 503. Default 256.</param>
public sealed record ModelServingConfig(
    int MaxBatchSize = 32,
    double MaxQueueDelayMs = 0,
    int InstanceCount = 1,
    int IntraOpThreads = 0,
    int MaxQueueSize = 256)
{
    /// <summary>The settings a model has until someone changes them.</summary>
    public static ModelServingConfig Default { get; } = new();

    /// <summary>Throws <see cref="ErrorCode.InvalidArgument"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(MaxBatchSize is >= 1 and <= 4096, $"maxBatchSize must be between 1 and 4096; {MaxBatchSize} was given.");
        Check(MaxQueueDelayMs is >= 0 and <= 1000, $"maxQueueDelayMs must be between 0 and 1000; {MaxQueueDelayMs} was given.");
        Check(InstanceCount is >= 1 and <= 16, $"instanceCount must be between 1 and 16; {InstanceCount} was given.");
        Check(IntraOpThreads is >= 0 and <= 64, $"intraOpThreads must be between 0 and 64; {IntraOpThreads} was given.");
        Check(MaxQueueSize is >= 1 and <= 100_000, $"maxQueueSize must be between 1 and 100000; {MaxQueueSize} was given.");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw MaasException.Invalid(message);
        }
    }
}
