using Google.Protobuf;
using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests;

/// <summary>
/// Many-node graphs of <c>Relu</c> on FLOAT [1, 4] (IR 8, opset 17), the shape of the hostile uploads, built
/// from the generated classes so other test projects can link this file. Every model here loads in ONNX Runtime.
/// </summary>
internal static class ReluGraphs
{
    /// <summary><c>y = Relu(Relu(...Relu(x)))</c>, <paramref name="nodes"/> deep.</summary>
    public static ModelProto Chain(int nodes)
    {
        var graph = new GraphProto { Name = "chain" };
        for (var i = 0; i < nodes; i++)
        {
            graph.Node.Add(Relu(i == 0 ? "x" : $"v{i - 1}", i == nodes - 1 ? "y" : $"v{i}"));
        }

        return Model(graph);
    }

    /// <summary>
    /// <paramref name="nodes"/> nodes all reading <c>x</c>, one of which writes <c>y</c>: as many nodes as a chain,
    /// only one deep. ONNX Runtime prunes the ones no output needs only when it optimises the graph.
    /// </summary>
    public static ModelProto Wide(int nodes)
    {
        var graph = new GraphProto { Name = "wide" };
        for (var i = 0; i < nodes; i++)
        {
            graph.Node.Add(Relu("x", i == 0 ? "y" : $"v{i}"));
        }

        return Model(graph);
    }

    /// <summary>
    /// The serialized bytes of a model like <see cref="Wide"/> with <paramref name="nodes"/> identical nodes, written
    /// straight to the wire: a file of millions of nodes costs the test one array, not millions of objects.
    /// </summary>
    public static byte[] WideBytes(int nodes)
    {
        var node = Relu("x", "y");
        using var entry = new MemoryStream();
        using (var entryOutput = new CodedOutputStream(entry, leaveOpen: true))
        {
            entryOutput.WriteTag(1, WireFormat.WireType.LengthDelimited);
            entryOutput.WriteMessage(node);
        }

        var nodeEntry = entry.ToArray();
        var rest = Model(new GraphProto { Name = "wide" });
        var graphRest = rest.Graph.ToByteArray();
        rest.Graph = null;
        var graphLength = ((long)nodeEntry.Length * nodes) + graphRest.Length;
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            rest.WriteTo(output);
            output.WriteTag(7, WireFormat.WireType.LengthDelimited);
            output.WriteLength(checked((int)graphLength));
        }

        buffer.Write(graphRest);
        for (var i = 0; i < nodes; i++)
        {
            buffer.Write(nodeEntry);
        }

        return buffer.ToArray();
    }

    public static NodeProto Relu(string input, string output) => new() { OpType = "Relu", Input = { input }, Output = { output } };

    public static ValueInfoProto Vector(string name) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)DataType.Float,
                Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = 1 }, new TensorShapeProto.Types.Dimension { DimValue = 4 } } },
            },
        },
    };

    private static ModelProto Model(GraphProto graph)
    {
        graph.Input.Add(Vector("x"));
        graph.Output.Add(Vector("y"));
        return new ModelProto
        {
            IrVersion = 8,
            ProducerName = "maas-tests",
            Graph = graph,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = 17 } },
        };
    }
}
