using Google.Protobuf;
using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Tests;

/// <summary>
/// Builds small ONNX models for tests, hostile ones included, from the generated <c>Maas.Onnx.Proto</c> classes and
/// nothing else, so other test projects can link this one file. Every model is valid until a test breaks it.
/// </summary>
internal static class TestModels
{
    /// <summary><c>sum = Add(a, b)</c> with all three FLOAT [batch, 3]; IR 8, ai.onnx opset 17.</summary>
    public static ModelProto Add()
    {
        var graph = new GraphProto { Name = "add" };
        graph.Node.Add(Node("Add", ["a", "b"], ["sum"], "add"));
        graph.Input.Add(Tensor("a", DataType.Float, "batch", 3));
        graph.Input.Add(Tensor("b", DataType.Float, "batch", 3));
        graph.Output.Add(Tensor("sum", DataType.Float, "batch", 3));
        return Model(graph);
    }

    /// <summary>Wraps a graph in a model with IR 8 and the given ai.onnx opset.</summary>
    public static ModelProto Model(GraphProto graph, long opset = 17) => new()
    {
        IrVersion = 8,
        ProducerName = "maas-tests",
        ProducerVersion = "1.0",
        Graph = graph,
        OpsetImport = { Opset(string.Empty, opset) },
    };

    public static OperatorSetIdProto Opset(string domain, long version) => new() { Domain = domain, Version = version };

    /// <summary>A tensor-typed value; each dimension is a number (dim_value), a string (dim_param) or null (unset).</summary>
    public static ValueInfoProto Tensor(string name, DataType type, params object?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string param => new TensorShapeProto.Types.Dimension { DimParam = param },
                null => new TensorShapeProto.Types.Dimension(),
                var size => new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(size, null) },
            });
        }

        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    /// <summary>A tensor-typed value with no shape at all (unknown rank).</summary>
    public static ValueInfoProto Unshaped(string name, DataType type) => new()
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } },
    };

    /// <summary>A sequence of FLOAT [batch] tensors.</summary>
    public static ValueInfoProto Sequence(string name) => new()
    {
        Name = name,
        Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = Tensor(name, DataType.Float, "batch").Type } },
    };

    public static NodeProto Node(string opType, string[] inputs, string[] outputs, string name = "", params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name, Input = { inputs }, Output = { outputs } };
        node.Attribute.Add(attributes);
        return node;
    }

    /// <summary>A FLOAT tensor with its values in raw_data, as exporters write weights.</summary>
    public static TensorProto Floats(string name, long[] dims, params float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new TensorProto { Name = name, DataType = (int)DataType.Float, Dims = { dims }, RawData = ByteString.CopyFrom(bytes) };
    }

    /// <summary>A FLOAT tensor whose data lives in the file <paramref name="location"/>, as ONNX external data.</summary>
    public static TensorProto External(string name, string location, params long[] dims) => new()
    {
        Name = name,
        DataType = (int)DataType.Float,
        Dims = { dims },
        DataLocation = TensorProto.Types.DataLocation.External,
        ExternalData = { Entry("location", location), Entry("offset", "0"), Entry("length", "12") },
    };

    /// <summary>A sparse FLOAT tensor of the given dense shape holding one value at flat index 0.</summary>
    public static SparseTensorProto Sparse(TensorProto values, TensorProto? indices, params long[] dims) => new()
    {
        Values = values,
        Indices = indices ?? new TensorProto { DataType = (int)DataType.Int64, Dims = { 1 }, Int64Data = { 0 } },
        Dims = { dims },
    };

    public static AttributeProto Attribute(string name, TensorProto tensor) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = tensor };

    public static AttributeProto Attribute(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };

    /// <summary>A graph with no inputs whose one output is a Constant FLOAT [3] holding <paramref name="value"/>.</summary>
    public static GraphProto ConstantGraph(string name, string output, TensorProto value)
    {
        var graph = new GraphProto { Name = name };
        graph.Node.Add(Node("Constant", [], [output], name + "_constant", Attribute("value", value)));
        graph.Output.Add(Tensor(output, DataType.Float, 3));
        return graph;
    }

    public static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };

    public static ModelProto Load(string path) => ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));

    public static MemoryStream ToStream(this ModelProto model) => new(model.ToByteArray());
}
