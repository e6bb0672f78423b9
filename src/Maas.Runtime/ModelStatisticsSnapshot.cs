namespace Maas.Runtime;

/// <summary>
/// A version's serving statistics since the host started, in the shape of the Open Inference Protocol's statistics
/// extension. Durations are cumulative nanoseconds. Queue and compute figures count successful requests only; a
/// request that ran in a batch is charged the batch's compute time.
/// </summary>
/// <param name="Key">The version.</param>
/// <param name="LastInferenceUnixMs">When the last request completed, in milliseconds since the Unix epoch; 0 when never.</param>
/// <param name="InferenceCount">Rows inferred (the sum of the batch sizes of all executions).</param>
/// <param name="ExecutionCount">ONNX Runtime runs, warm-up excluded.</param>
/// <param name="Success">Requests that returned outputs, and their total time.</param>
/// <param name="Fail">Requests that failed (not counting cancelled ones), and their total time.</param>
/// <param name="Queue">Time successful requests spent queued.</param>
/// <param name="ComputeInput">Time spent copying inputs in, per successful request.</param>
/// <param name="ComputeInfer">Time spent in ONNX Runtime, per successful request.</param>
/// <param name="ComputeOutput">Time spent copying outputs out, per successful request.</param>
/// <param name="Batches">Executions by batch size, smallest first.</param>
public sealed record ModelStatisticsSnapshot(
    ModelKey Key,
    long LastInferenceUnixMs,
    long InferenceCount,
    long ExecutionCount,
    DurationStat Success,
    DurationStat Fail,
    DurationStat Queue,
    DurationStat ComputeInput,
    DurationStat ComputeInfer,
    DurationStat ComputeOutput,
    IReadOnlyList<BatchStat> Batches);
