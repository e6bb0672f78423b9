namespace Maas.Runtime;

/// <summary>Executions of one batch size (rows) and the cumulative time of their three phases.</summary>
/// <param name="BatchSize">The number of rows executed together.</param>
/// <param name="ComputeInput">Copying request tensors into ONNX Runtime.</param>
/// <param name="ComputeInfer">The ONNX Runtime run.</param>
/// <param name="ComputeOutput">Copying outputs back into per-request tensors.</param>
public sealed record BatchStat(int BatchSize, DurationStat ComputeInput, DurationStat ComputeInfer, DurationStat ComputeOutput);
