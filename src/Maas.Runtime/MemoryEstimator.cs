namespace Maas.Runtime;

/// <summary>
/// Estimates what a loaded version costs in memory, so the budget can be enforced before a session exists (ONNX
/// Runtime cannot report a session's footprint). The estimate is
/// <c>2 × artefact bytes + 8 MiB + 8 MiB × instance count</c>:
/// <list type="bullet">
/// <item>The weights are held once as initialiser tensors; graph optimisation and pre-packing (GEMM and convolution
/// kernels re-lay weights for the CPU) may hold a second copy, hence twice the artefact. The artefact buffer itself
/// is garbage once the session exists.</item>
/// <item>8 MiB covers the session's fixed structures: the graph, kernels, the intra-op thread pool and its stacks.</item>
/// <item>8 MiB per instance covers the CPU arena's activation and output buffers of one concurrent execution of a
/// small model; large activations (big images, long sequences, big batches) can exceed it, so leave headroom.</item>
/// </list>
/// </summary>
internal static class MemoryEstimator
{
    public const long SessionOverheadBytes = 8L << 20;

    public const long InstanceOverheadBytes = 8L << 20;

    public static long EstimateBytes(long artifactBytes, int instanceCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(artifactBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(instanceCount);
        return checked((2 * artifactBytes) + SessionOverheadBytes + (InstanceOverheadBytes * instanceCount));
    }
}
