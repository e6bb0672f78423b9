using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Graphs;

/// <summary>
/// A symbolic tensor of a <see cref="GraphBuilder"/>: a graph input, an initializer or a node output. Only the builder
/// creates values; their names are unique within its graph.
/// </summary>
public sealed class Value
{
    internal Value(string name, DataType type, long?[]? shape, GraphNode? producer)
    {
        Name = name;
        Type = type;
        Shape = shape;
        Producer = producer;
    }

    /// <summary>The tensor's name in the graph, which a run feeds or fetches it by.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public DataType Type { get; }

    /// <summary>Each dimension's size, null for a symbolic one; the whole array null when the rank is unknown.</summary>
    public long?[]? Shape { get; }

    /// <summary>The node that computes this value; null for inputs and initializers.</summary>
    public GraphNode? Producer { get; }

    /// <summary>Whether the value is an initializer stored in the graph (weights, constants), not a run-time input or a node output.</summary>
    public bool IsConstant { get; init; }

    internal string?[]? DimNames { get; set; }

    /// <summary>The number of dimensions, or null when the rank is unknown.</summary>
    public int? Rank => Shape?.Length;

    /// <inheritdoc />
    public override string ToString() => Name;
}
