using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Graphs;

/// <summary>
/// Static output shapes for the ops the trainer and the autodiff emit, so broadcasting gradients know which axes to
/// reduce without Shape nodes at run time. Unknown cases return null (the caller may still state the shape).
/// </summary>
internal static class ShapeInference
{
    private static readonly HashSet<string> SameShape = new(StringComparer.Ordinal)
    {
        "Relu", "Tanh", "Sigmoid", "Exp", "Log", "Sqrt", "Neg", "Abs", "Sign", "Identity", "Cast", "Softmax",
        "LogSoftmax", "Dropout", "Reciprocal", "Softplus", "Not", "Erf", "LeakyRelu", "Clip", "Elu", "CastLike",
    };

    private static readonly HashSet<string> Broadcasting = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Greater", "Less", "Equal", "GreaterOrEqual", "LessOrEqual", "Where", "Sum",
        "Max", "Min", "And", "Or", "Mean",
    };

    /// <summary>The first output's element type where it is not the first input's, or null to use the first input's.</summary>
    public static DataType? InferType(string op, IReadOnlyList<Value?> inputs, IReadOnlyList<AttributeProto> attributes) => op switch
    {
        "Where" when inputs.Count > 1 => inputs[1]?.Type,
        "Greater" or "Less" or "Equal" or "GreaterOrEqual" or "LessOrEqual" or "And" or "Or" or "Not" or "IsNaN" => DataType.Bool,
        "Shape" or "Size" or "ArgMax" or "ArgMin" => DataType.Int64,
        "Cast" => attributes.FirstOrDefault(a => a.Name == "to") is { } to ? (DataType)to.I : null,
        "ConstantOfShape" => attributes.FirstOrDefault(a => a.Name == "value") is { } value ? (DataType)value.T.DataType : DataType.Float,
        _ => null,
    };

    public static long?[]? Infer(string op, IReadOnlyList<Value?> inputs, IReadOnlyList<AttributeProto> attributes, GraphBuilder g)
    {
        if (inputs.Count == 0 || inputs[0] is not { } x)
        {
            return null;
        }

        if (SameShape.Contains(op))
        {
            return x.Shape;
        }

        if (Broadcasting.Contains(op))
        {
            return Broadcast(inputs.Select(v => v?.Shape).ToList());
        }

        return op switch
        {
            "MatMul" => MatMul(x.Shape, inputs[1]?.Shape),
            "Gemm" => Gemm(x.Shape, inputs[1]?.Shape, attributes),
            "Transpose" => Transpose(x.Shape, attributes),
            "ReduceSum" or "ReduceMean" or "ReduceMax" or "ReduceMin" or "ReduceSumSquare" => Reduce(x.Shape, inputs.Count > 1 ? inputs[1] : null, attributes, g),
            "Flatten" => Flatten(x.Shape, attributes),
            "Reshape" => Reshape(x.Shape, inputs[1], g),
            "Conv" or "MaxPool" or "AveragePool" => Pool(op, x.Shape, inputs.Count > 1 ? inputs[1]?.Shape : null, attributes),
            "GatherElements" => inputs[1]?.Shape,
            "Shape" => x.Shape is { } s ? [s.Length] : null,
            "Size" => [],
            "ConstantOfShape" => g.ConstantData(x) is { } dims ? dims.Select(d => (long?)d).ToArray() : null,
            "Expand" => inputs[1] is { } target && g.ConstantData(target) is { } to
                ? Broadcast([x.Shape, to.Select(d => (long?)d).ToArray()])
                : null,
            "Unsqueeze" => Unsqueeze(x.Shape, inputs[1], g),
            "Squeeze" => Squeeze(x.Shape, inputs.Count > 1 ? inputs[1] : null, g),
            _ => null,
        };
    }

    /// <summary>Numpy broadcasting of several shapes; a symbolic dimension wins over 1, a known size &gt; 1 over symbolic.</summary>
    public static long?[]? Broadcast(IReadOnlyList<long?[]?> shapes)
    {
        if (shapes.Any(s => s is null))
        {
            return null;
        }

        var rank = shapes.Max(s => s!.Length);
        var result = new long?[rank];
        for (var k = 0; k < rank; k++)
        {
            long? dim = 1;
            foreach (var shape in shapes)
            {
                var i = k - (rank - shape!.Length);
                if (i < 0)
                {
                    continue;
                }

                var d = shape[i];
                if (d is null)
                {
                    dim = dim == 1 ? null : dim;
                }
                else if (d != 1)
                {
                    dim = d;
                }
            }

            result[k] = dim;
        }

        return result;
    }

    private static long?[]? MatMul(long?[]? a, long?[]? b)
    {
        if (a is null || b is null || a.Length < 2 || b.Length < 2)
        {
            return null;
        }

        var batch = Broadcast([a[..^2], b[..^2]]);
        return batch is null ? null : [.. batch, a[^2], b[^1]];
    }

    private static long?[]? Gemm(long?[]? a, long?[]? b, IReadOnlyList<AttributeProto> attributes)
    {
        if (a is not { Length: 2 } || b is not { Length: 2 })
        {
            return null;
        }

        var m = Int(attributes, "transA", 0) == 0 ? a[0] : a[1];
        var n = Int(attributes, "transB", 0) == 0 ? b[1] : b[0];
        return [m, n];
    }

    private static long?[]? Transpose(long?[]? x, IReadOnlyList<AttributeProto> attributes)
    {
        if (x is null)
        {
            return null;
        }

        var perm = Perm(attributes, x.Length);
        return perm.Select(p => x[p]).ToArray();
    }

    /// <summary>The Transpose permutation (default: reversed axes).</summary>
    public static long[] Perm(IReadOnlyList<AttributeProto> attributes, int rank) =>
        attributes.FirstOrDefault(a => a.Name == "perm") is { } perm
            ? [.. perm.Ints]
            : Enumerable.Range(0, rank).Reverse().Select(i => (long)i).ToArray();

    private static long?[]? Reduce(long?[]? x, Value? axesInput, IReadOnlyList<AttributeProto> attributes, GraphBuilder g)
    {
        if (x is null)
        {
            return null;
        }

        var axes = ReduceAxes(x.Length, axesInput, attributes, g);
        if (axes is null)
        {
            return null;
        }

        var keep = Int(attributes, "keepdims", 1) != 0;
        var result = new List<long?>();
        for (var i = 0; i < x.Length; i++)
        {
            if (!axes.Contains(i))
            {
                result.Add(x[i]);
            }
            else if (keep)
            {
                result.Add(1);
            }
        }

        return [.. result];
    }

    /// <summary>The normalised axes a Reduce* node reduces (all when none are given), or null when not constant.</summary>
    public static int[]? ReduceAxes(int rank, Value? axesInput, IReadOnlyList<AttributeProto> attributes, GraphBuilder g)
    {
        long[]? axes = null;
        if (axesInput is not null)
        {
            axes = g.ConstantData(axesInput)?.Select(a => (long)a).ToArray();
            if (axes is null)
            {
                return null;
            }
        }
        else if (attributes.FirstOrDefault(a => a.Name == "axes") is { } attr)
        {
            axes = [.. attr.Ints];
        }

        if (axes is null || axes.Length == 0)
        {
            return Enumerable.Range(0, rank).ToArray();
        }

        return axes.Select(a => (int)(a < 0 ? a + rank : a)).Order().ToArray();
    }

    private static long?[]? Flatten(long?[]? x, IReadOnlyList<AttributeProto> attributes)
    {
        if (x is null)
        {
            return null;
        }

        var axis = (int)Int(attributes, "axis", 1);
        axis = axis < 0 ? axis + x.Length : axis;
        return [Product(x[..axis]), Product(x[axis..])];
    }

    private static long? Product(long?[] dims)
    {
        long product = 1;
        foreach (var d in dims)
        {
            if (d is null)
            {
                return null;
            }

            product *= d.Value;
        }

        return product;
    }

    private static long?[]? Reshape(long?[]? x, Value? shapeInput, GraphBuilder g)
    {
        if (shapeInput is null || g.ConstantData(shapeInput) is not { } target)
        {
            return null;
        }

        var result = new long?[target.Length];
        var inferIndex = -1;
        for (var i = 0; i < target.Length; i++)
        {
            var t = (long)target[i];
            if (t == 0)
            {
                result[i] = x is not null && i < x.Length ? x[i] : null;
            }
            else if (t == -1)
            {
                inferIndex = i;
            }
            else
            {
                result[i] = t;
            }
        }

        if (inferIndex >= 0 && x is not null && Product(x) is { } total && Product([.. result.Where((_, i) => i != inferIndex)]) is { } rest && rest != 0)
        {
            result[inferIndex] = total / rest;
        }

        return result;
    }

    private static long?[]? Pool(string op, long?[]? x, long?[]? w, IReadOnlyList<AttributeProto> attributes)
    {
        if (x is not { Length: 4 })
        {
            return null;
        }

        long[] kernel;
        long? channels = x[1];
        if (op == "Conv")
        {
            if (w is not { Length: 4 } || w[2] is null || w[3] is null)
            {
                return null;
            }

            kernel = [w[2]!.Value, w[3]!.Value];
            channels = w[0];
        }
        else
        {
            kernel = Ints(attributes, "kernel_shape") ?? [1, 1];
        }

        var strides = Ints(attributes, "strides") ?? [1, 1];
        var pads = Ints(attributes, "pads") ?? [0, 0, 0, 0];
        var dilations = Ints(attributes, "dilations") ?? [1, 1];
        var result = new long?[] { x[0], channels, null, null };
        for (var i = 0; i < 2; i++)
        {
            if (x[2 + i] is { } size)
            {
                result[2 + i] = ((size + pads[i] + pads[i + 2] - (((kernel[i] - 1) * dilations[i]) + 1)) / strides[i]) + 1;
            }
        }

        return result;
    }

    private static long?[]? Unsqueeze(long?[]? x, Value? axesInput, GraphBuilder g)
    {
        if (x is null || axesInput is null || g.ConstantData(axesInput) is not { } axes)
        {
            return null;
        }

        var rank = x.Length + axes.Length;
        var set = axes.Select(a => (int)(a < 0 ? a + rank : a)).ToHashSet();
        var result = new long?[rank];
        var j = 0;
        for (var i = 0; i < rank; i++)
        {
            result[i] = set.Contains(i) ? 1 : x[j++];
        }

        return result;
    }

    private static long?[]? Squeeze(long?[]? x, Value? axesInput, GraphBuilder g)
    {
        if (x is null)
        {
            return null;
        }

        if (axesInput is null)
        {
            return x.Any(d => d is null) ? null : x.Where(d => d != 1).ToArray();
        }

        if (g.ConstantData(axesInput) is not { } axes)
        {
            return null;
        }

        var set = axes.Select(a => (int)(a < 0 ? a + x.Length : a)).ToHashSet();
        return x.Where((_, i) => !set.Contains(i)).ToArray();
    }

    /// <summary>An int attribute or its default.</summary>
    public static long Int(IReadOnlyList<AttributeProto> attributes, string name, long fallback) =>
        attributes.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    /// <summary>A float attribute or its default.</summary>
    public static float Real(IReadOnlyList<AttributeProto> attributes, string name, float fallback) =>
        attributes.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;

    /// <summary>An ints attribute, or null when absent.</summary>
    public static long[]? Ints(IReadOnlyList<AttributeProto> attributes, string name) =>
        attributes.FirstOrDefault(a => a.Name == name) is { } a ? [.. a.Ints] : null;
}
