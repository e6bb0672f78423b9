namespace Maas.Runtime;

/// <summary>
/// Estimates what a loaded version costs in memory, so the budget can be enforced before a session exists (ONNX
/// Runtime cannot report a session's footprint). The estimate is
/// <c>2 × artefact bytes + 4 KiB × nodes + 8 MiB + 8 MiB × instance count</c>:
/// <list type="bullet">
/// <item>The weights are held once as initialiser tensors; graph optimisation and pre-packing (GEMM and convolution
/// kernels re-lay weights for the CPU) may hold a second copy, hence twice the artefact. The artefact buffer itself
/// is garbage once the session exists.</item>
/// <item>4 KiB per node (subgraph and function bodies included) covers ONNX Runtime's graph structures, kernels and
/// allocation plan per node, which a file of 14 bytes per node does not show: measured on chains of 10 000 to
/// 100 000 <c>Relu</c> nodes, a loaded session held 1.5 to 2.8 KiB per node of process memory, and a 200 000-node
/// chain peaked at about 3.5 KiB per node while loading (docs/inference.md, "Memory budget").</item>
/// <item>8 MiB covers the session's fixed structures: the graph, kernels, the intra-op thread pool and its stacks.</item>
/// <item>8 MiB per instance covers the CPU arena's activation and output buffers of one concurrent execution of a
/// small model; large activations (big images, long sequences, big batches) can exceed it, so leave headroom.</item>
/// </list>
/// After a load the host measures what the process really grew by and counts the larger of the two.
/// </summary>
internal static class MemoryEstimator
{
    public const long SessionOverheadBytes = 8L << 20;

    public const long InstanceOverheadBytes = 8L << 20;

    public const long NodeOverheadBytes = 4L << 10;

    public static long EstimateBytes(long artifactBytes, long nodeCount, int instanceCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(artifactBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(instanceCount);
        return checked((2 * artifactBytes) + (NodeOverheadBytes * nodeCount) + SessionOverheadBytes + (InstanceOverheadBytes * instanceCount));
    }
}
