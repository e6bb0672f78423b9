namespace Maas.Onnx;

/// <summary>
/// How large a graph an upload may have: ONNX Runtime spends memory and load time per node (about
/// <c>Maas.Runtime</c>'s per-node estimate each), and a long chain of nodes costs time in every pass it makes over
/// the graph, whatever the file's size. Both are checked on the wire before the model is parsed.
/// </summary>
/// <param name="MaxNodes">The most nodes, counting subgraphs (If, Loop and Scan bodies), training graphs and function bodies.</param>
/// <param name="MaxDepth">The longest chain of nodes in any graph, each consuming an output of the one before; a node holding bodies counts as one plus its deepest body.</param>
public sealed record OnnxGraphLimits(long MaxNodes, long MaxDepth)
{
    /// <summary>
    /// 100 000 nodes and a depth of 10 000: real models are far below (ResNet-18 has 69 nodes, a 6-layer MiniLM
    /// encoder a few hundred, transformer decoders a few thousand), while a hostile graph stays within a few hundred
    /// MB and seconds to load.
    /// </summary>
    public static OnnxGraphLimits Default { get; } = new(100_000, 10_000);
}
