namespace Maas.Onnx.Inspection;

/// <summary>
/// Refuses a graph over <see cref="OnnxGraphLimits"/> before the inspector parses it: the node count is taken on the
/// wire holding nothing, and the depth, which needs every node's names, only once the count is within the limit.
/// Each pass starts where the caller's stream stood and puts it back there.
/// </summary>
internal static class GraphSizeCheck
{
    public static void Run(Stream stream, OnnxGraphLimits limits)
    {
        var start = stream.Position;
        var nodes = Walk(stream, GraphWalker.CountNodes);
        if (nodes > limits.MaxNodes)
        {
            throw Reject.Because(
                $"The model has {nodes} nodes, counting subgraphs and function bodies; Maas accepts at most {limits.MaxNodes} (--max-graph-nodes), since ONNX Runtime spends memory and load time on every node.");
        }

        stream.Position = start;
        var depth = Walk(stream, GraphWalker.MeasureDepth);
        if (depth > limits.MaxDepth)
        {
            throw Reject.Because(
                $"The model's longest chain of nodes is {depth} nodes long; Maas accepts at most {limits.MaxDepth} (--max-graph-depth).");
        }

        stream.Position = start;
    }

    /// <summary>Counts the nodes of a model held in memory, for estimates; one that does not walk counts 0, as ONNX Runtime will refuse it.</summary>
    public static long CountNodes(byte[] artifact)
    {
        using var stream = new MemoryStream(artifact, writable: false);
        try
        {
            return GraphWalker.CountNodes(stream);
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
        {
            return 0;
        }
    }

    private static long Walk(Stream stream, Func<Stream, long> walk)
    {
        try
        {
            return walk(stream);
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
        {
            throw Reject.Unparsable("it is truncated or not protobuf at all", exception);
        }
    }
}
