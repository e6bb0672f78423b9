using Google.Protobuf;
using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Graphs;

/// <summary>
/// Builds an ONNX graph node by node and records every node in order, so the autodiff can walk the same record
/// backwards. Names are generated and unique; shapes are known where the caller states them (null = symbolic).
/// Written models import ai.onnx <see cref="Opset"/> (and ai.onnx.ml 3 when a node uses that domain), IR 8.
/// </summary>
public sealed class GraphBuilder
{
    /// <summary>The ai.onnx opset every graph is written for: ReduceMean/ReduceSum take axes as inputs, ScatterElements adds.</summary>
    public const long Opset = 18;

    /// <summary>The ai.onnx.ml opset: 3 still has TreeEnsembleRegressor/Classifier (5 deprecates them).</summary>
    public const long MlOpset = 3;

    /// <summary>The domain of the classical machine-learning operators (tree ensembles, label encoders).</summary>
    public const string MlDomain = "ai.onnx.ml";

    private readonly List<GraphNode> _nodes = [];
    private readonly List<Value> _inputs = [];
    private readonly List<(Value Value, string Name)> _outputs = [];
    private readonly List<TensorProto> _initializers = [];
    private readonly List<Value> _overridables = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Value> _constantCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> _initializerByName = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Starts an empty graph.</summary>
    /// <param name="name">The graph's name, written into the model.</param>
    public GraphBuilder(string name) => Name = name;

    /// <summary>The graph's name, written into the model.</summary>
    public string Name { get; }

    /// <summary>Every node in the order it was added (a topological order).</summary>
    public IReadOnlyList<GraphNode> Nodes => _nodes;

    /// <summary>The inputs a run must feed, in the order they were added.</summary>
    public IReadOnlyList<Value> Inputs => _inputs;

    /// <summary>The graph outputs and the names they are fetched by, in the order they were added.</summary>
    public IReadOnlyList<(Value Value, string Name)> Outputs => _outputs;

    /// <summary>
    /// Inputs that carry a default value (an initializer of the same name): callers may feed them or leave them out.
    /// They are not in <see cref="Inputs"/>, which lists the inputs a run must feed.
    /// </summary>
    public IReadOnlyList<Value> Overridables => _overridables;

    /// <summary>A graph input; each dimension a size or null for a symbolic one (named by <paramref name="dimNames"/> when given).</summary>
    public Value Input(string name, DataType type, long?[] shape, string?[]? dimNames = null)
    {
        var value = new Value(Claim(name), type, shape, null) { DimNames = dimNames };
        _inputs.Add(value);
        return value;
    }

    /// <summary>A float tensor stored in the graph (weights of an exported model, constants).</summary>
    public Value Initializer(string name, ReadOnlySpan<float> data, params long[] shape)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)DataType.Float, Dims = { shape } };
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data));
        AddInitializer(tensor);
        return new Value(tensor.Name, DataType.Float, ToNullable(shape), null) { IsConstant = true };
    }

    /// <summary>An int64 tensor stored in the graph (axes, shapes, class indices).</summary>
    public Value Initializer(string name, ReadOnlySpan<long> data, params long[] shape)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)DataType.Int64, Dims = { shape } };
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data));
        AddInitializer(tensor);
        return new Value(tensor.Name, DataType.Int64, ToNullable(shape), null) { IsConstant = true };
    }

    /// <summary>A string tensor stored in the graph (class labels, category vocabularies), written as UTF-8.</summary>
    public Value Initializer(string name, IReadOnlyList<string> data, params long[] shape)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)DataType.String, Dims = { shape } };
        foreach (var item in data)
        {
            tensor.StringData.Add(ByteString.CopyFromUtf8(item));
        }

        AddInitializer(tensor);
        return new Value(tensor.Name, DataType.String, ToNullable(shape), null) { IsConstant = true };
    }

    /// <summary>
    /// A float scalar graph input with a default value (input + initializer of the same name, IR ≥ 4): a run may feed it
    /// (e.g. a learning-rate schedule) or omit it. ONNX Runtime does not constant-fold such initializers.
    /// </summary>
    public Value Overridable(string name, float value)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)DataType.Float };
        tensor.RawData = ByteString.CopyFrom(BitConverter.GetBytes(value));
        AddInitializer(tensor);
        var input = new Value(tensor.Name, DataType.Float, [], null);
        _overridables.Add(input);
        return input;
    }

    /// <summary>A bool tensor stored in the graph (e.g. Dropout's training_mode).</summary>
    public Value Initializer(string name, ReadOnlySpan<bool> data, params long[] shape)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)DataType.Bool, Dims = { shape } };
        var bytes = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            bytes[i] = data[i] ? (byte)1 : (byte)0;
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        AddInitializer(tensor);
        return new Value(tensor.Name, DataType.Bool, ToNullable(shape), null) { IsConstant = true };
    }

    /// <summary>A double tensor stored in the graph (used by double-precision gradient checks and double models).</summary>
    public Value Initializer(string name, ReadOnlySpan<double> data, params long[] shape)
    {
        var tensor = new TensorProto { Name = Claim(name), DataType = (int)DataType.Double, Dims = { shape } };
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data));
        AddInitializer(tensor);
        return new Value(tensor.Name, DataType.Double, ToNullable(shape), null) { IsConstant = true };
    }

    /// <summary>A float scalar constant (shape []); equal values share one initializer.</summary>
    public Value Scalar(float value) => Constant(value, DataType.Float);

    /// <summary>
    /// A scalar constant (shape []) of <paramref name="type"/> (float, double or int64); equal constants share one
    /// initializer, so the backward graph and optimiser do not multiply tiny tensors.
    /// </summary>
    public Value Constant(double value, DataType type)
    {
        var key = FormattableString.Invariant($"{(int)type}:{BitConverter.DoubleToInt64Bits(value)}");
        if (!_constantCache.TryGetValue(key, out var constant))
        {
            constant = type switch
            {
                DataType.Float => Initializer("c", [(float)value]),
                DataType.Double => Initializer("c", [value]),
                DataType.Int64 => Initializer("c", [(long)value]),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Scalar constants are float, double or int64."),
            };
            _constantCache[key] = constant;
        }

        return constant;
    }

    /// <summary>A 1-D int64 constant, e.g. axes or a shape; equal lists share one initializer.</summary>
    public Value Ints(params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var key = "ints:" + string.Join(',', values);
        if (!_constantCache.TryGetValue(key, out var constant))
        {
            constant = Initializer("i", values, values.Length);
            _constantCache[key] = constant;
        }

        return constant;
    }

    /// <summary>The elements of a constant (initializer) as doubles, or null when <paramref name="value"/> is not one.</summary>
    internal double[]? ConstantData(Value value)
    {
        if (!value.IsConstant || !_initializerByName.TryGetValue(value.Name, out var tensor))
        {
            return null;
        }

        var bytes = tensor.RawData.Span;
        return (DataType)tensor.DataType switch
        {
            DataType.Float => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray().Select(f => (double)f).ToArray(),
            DataType.Double => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray(),
            DataType.Int64 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(bytes).ToArray().Select(l => (double)l).ToArray(),
            DataType.Bool => bytes.ToArray().Select(b => (double)b).ToArray(),
            _ => null,
        };
    }

    /// <summary>Adds a node and returns its outputs; <paramref name="shapes"/> gives each output's shape when known.</summary>
    public IReadOnlyList<Value> Op(
        string opType,
        IReadOnlyList<Value?> inputs,
        int outputCount = 1,
        IReadOnlyList<AttributeProto>? attributes = null,
        IReadOnlyList<long?[]?>? shapes = null,
        IReadOnlyList<DataType>? types = null,
        string domain = "")
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var outputs = new Value[outputCount];
        var node = new GraphNode(opType, domain, inputs, outputs, attributes ?? []);
        for (var i = 0; i < outputCount; i++)
        {
            var type = types is not null && i < types.Count ? types[i] : ShapeInference.InferType(opType, inputs, attributes ?? []) ?? FirstType(inputs);
            var shape = shapes is not null && i < shapes.Count ? shapes[i] : null;
            if (shape is null && i == 0 && domain.Length == 0)
            {
                // Not stated: infer the first output's shape for the common ops, so broadcasting gradients know their axes.
                shape = ShapeInference.Infer(opType, inputs, attributes ?? [], this);
            }

            outputs[i] = new Value(Claim(opType.ToLowerInvariant()), type, shape, node);
        }

        _nodes.Add(node);
        return outputs;
    }

    /// <summary>Adds a single-output node.</summary>
    public Value Op1(string opType, IReadOnlyList<Value?> inputs, long?[]? shape = null, IReadOnlyList<AttributeProto>? attributes = null, DataType? type = null, string domain = "") =>
        Op(opType, inputs, 1, attributes, [shape], type is { } t ? [t] : null, domain)[0];

    /// <summary>Makes <paramref name="value"/> a graph output called <paramref name="name"/> (through Identity when renamed).</summary>
    public Value Output(Value value, string name, string?[]? dimNames = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var named = value;
        if (value.Name != name)
        {
            var node = new GraphNode("Identity", string.Empty, [value], new Value[1], []);
            named = new Value(Claim(name), value.Type, value.Shape, node);
            ((Value[])node.Outputs)[0] = named;
            _nodes.Add(node);
        }

        named.DimNames = dimNames ?? value.DimNames;
        _outputs.Add((named, name));
        return named;
    }

    /// <summary>Writes the graph as a model; initializers are embedded (no external data).</summary>
    public ModelProto ToModel(string producer = "maas", IReadOnlyDictionary<string, string>? metadata = null)
    {
        var graph = new GraphProto { Name = Name };
        graph.Initializer.AddRange(_initializers);
        foreach (var input in _inputs.Concat(_overridables))
        {
            graph.Input.Add(Describe(input));
        }

        foreach (var (value, _) in _outputs)
        {
            graph.Output.Add(Describe(value));
        }

        var counter = 0;
        foreach (var node in _nodes)
        {
            var proto = new NodeProto { OpType = node.OpType, Domain = node.Domain, Name = $"{node.OpType}_{counter++}" };
            proto.Input.AddRange(node.Inputs.Select(v => v?.Name ?? string.Empty));
            proto.Output.AddRange(node.Outputs.Select(v => v.Name));
            proto.Attribute.AddRange(node.Attributes);
            graph.Node.Add(proto);
        }

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = producer,
            Graph = graph,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = Opset } },
        };
        if (_nodes.Any(n => n.Domain == MlDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MlDomain, Version = MlOpset });
        }

        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    private void AddInitializer(TensorProto tensor)
    {
        _initializers.Add(tensor);
        _initializerByName[tensor.Name] = tensor;
    }

    private static ValueInfoProto Describe(Value value)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)value.Type };
        if (value.Shape is { } shape)
        {
            tensor.Shape = new TensorShapeProto();
            for (var i = 0; i < shape.Length; i++)
            {
                var name = value.DimNames is { } names && i < names.Length ? names[i] : null;
                tensor.Shape.Dim.Add(shape[i] is { } size
                    ? new TensorShapeProto.Types.Dimension { DimValue = size }
                    : new TensorShapeProto.Types.Dimension { DimParam = name ?? "batch" });
            }
        }

        return new ValueInfoProto { Name = value.Name, Type = new TypeProto { TensorType = tensor } };
    }

    private static DataType FirstType(IReadOnlyList<Value?> inputs) =>
        inputs.FirstOrDefault(v => v is not null)?.Type ?? DataType.Float;

    private static long?[] ToNullable(long[] shape) => shape.Select(d => (long?)d).ToArray();

    private string Claim(string stem)
    {
        var name = stem;
        while (!_names.Add(name))
        {
            name = $"{stem}_{++_counter}";
        }

        return name;
    }
}
