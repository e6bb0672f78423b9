namespace Maas.Onnx;

/// <summary>
/// How large a graph an upload may have: ONNX Runtime spends kilobytes of memory and load time per node, and a long
/// chain of nodes costs time in every pass it makes over the graph, whatever the file's size. Both are checked on
/// the wire before the model is parsed.
/// </summary>
/// <param name="MaxNodes">The most nodes, counting subgraphs (If, Loop and Scan bodies), training graphs and function bodies.</param>
/// <param name="MaxDepth">The longest chain of nodes in any graph, each consuming an output of the one before; a node holding bodies counts as one plus its deepest body.</param>
public sealed record OnnxGraphLimits(long MaxNodes, long MaxDepth)
{
    /// <summary>
    /// 100 000 nodes and a depth of 10 000: real models are far below (ResNet-18 has 65 to 74 nodes and depth 46 to
    /// 68, the 6-layer MiniLM encoder 650 nodes and depth 319, transformer decoders a few thousand nodes), while a
    /// hostile graph at the limit costs ONNX Runtime a few hundred MB, which the memory budget charges.
    /// </summary>
    public static OnnxGraphLimits Default { get; } = new(100_000, 10_000);
}
