namespace Maas.Onnx.Inspection;

/// <summary>A node as the depth walk sees it: the names it consumes and produces, and its own weight.</summary>
/// <param name="Inputs">The values it reads; "" stands for an omitted optional input.</param>
/// <param name="Outputs">The values it writes.</param>
/// <param name="Weight">1, plus the depth of its deepest subgraph for a node that holds bodies.</param>
internal sealed record NodeLinks(List<string> Inputs, List<string> Outputs, long Weight);

/// <summary>
/// The longest weighted path through one graph's nodes, computed iteratively (Kahn's order over the producer
/// edges), so a chain of any length costs no stack. ONNX requires nodes in topological order, but the walk does not
/// rely on it; nodes on a cycle, which ONNX Runtime refuses anyway, are left out.
/// </summary>
internal static class LongestPath
{
    public static long Of(List<NodeLinks> nodes)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var output in nodes[i].Outputs)
            {
                if (output.Length > 0)
                {
                    producer.TryAdd(output, i);
                }
            }
        }

        // Edges producer → consumer in compressed rows: first[i]..first[i + 1] index the consumers of node i.
        var pending = new int[nodes.Count];
        var first = new int[nodes.Count + 1];
        var edges = new List<(int From, int To)>();
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var input in nodes[i].Inputs)
            {
                if (input.Length > 0 && producer.TryGetValue(input, out var from) && from != i)
                {
                    edges.Add((from, i));
                    pending[i]++;
                    first[from + 1]++;
                }
            }
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            first[i + 1] += first[i];
        }

        var consumers = new int[edges.Count];
        var cursor = (int[])first.Clone();
        foreach (var (from, to) in edges)
        {
            consumers[cursor[from]++] = to;
        }

        return Walk(nodes, pending, first, consumers);
    }

    private static long Walk(List<NodeLinks> nodes, int[] pending, int[] first, int[] consumers)
    {
        var depth = new long[nodes.Count];
        var ready = new Queue<int>();
        for (var i = 0; i < nodes.Count; i++)
        {
            depth[i] = nodes[i].Weight;
            if (pending[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        long longest = 0;
        while (ready.TryDequeue(out var node))
        {
            longest = Math.Max(longest, depth[node]);
            for (var edge = first[node]; edge < first[node + 1]; edge++)
            {
                var next = consumers[edge];
                depth[next] = Math.Max(depth[next], depth[node] + nodes[next].Weight);
                if (--pending[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        return longest;
    }
}
