using Google.Protobuf;
using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Graphs;

/// <summary>
/// Reverse-mode automatic differentiation over a <see cref="GraphBuilder"/>'s recorded nodes. The backward pass is
/// written with standard ONNX ops only (ONNX Runtime's inference build has no *Grad kernels), so the forward pass,
/// the gradients and the optimiser update run as one graph in an <c>InferenceSession</c>.
/// </summary>
/// <remarks>
/// Supported ops: MatMul, Gemm, Add, Sub, Mul, Div, Sum (numpy broadcasting), Neg, Abs, Relu, Tanh, Sigmoid, Softplus,
/// Softmax, LogSoftmax, Exp, Log, Sqrt, Reciprocal, Conv (2-D, group 1), MaxPool (with its Indices output),
/// Flatten, Reshape, Squeeze, Unsqueeze, Transpose, Identity, Cast, Dropout (with its mask output), ReduceMean,
/// ReduceSum, GatherElements and Where. Any other op on the path from a parameter to the loss throws
/// <see cref="NotSupportedException"/>.
/// </remarks>
public static partial class Autodiff
{
    /// <summary>
    /// Appends the backward pass of <paramref name="loss"/> to <paramref name="g"/> and returns dLoss/dw for each
    /// <paramref name="wrt"/> value, in the same order and with the same shape (zeros when the loss does not depend on it).
    /// </summary>
    /// <param name="g">The graph whose recorded nodes compute <paramref name="loss"/>; backward nodes are appended to it.</param>
    /// <param name="loss">A float or double scalar (shape [] or [1]).</param>
    /// <param name="wrt">The values (usually graph inputs holding the trainable parameters) to differentiate against.</param>
    public static IReadOnlyList<Value> Gradients(GraphBuilder g, Value loss, IReadOnlyList<Value> wrt)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(wrt);
        if (loss.Type is not (DataType.Float or DataType.Double))
        {
            throw new ArgumentException($"The loss must be float or double, not {loss.Type}.", nameof(loss));
        }

        var pass = new Pass(g);
        var nodes = g.Nodes.ToArray();
        var active = new HashSet<Value>(wrt);
        foreach (var node in nodes)
        {
            if (node.Inputs.Any(i => i is not null && active.Contains(i)))
            {
                active.UnionWith(node.Outputs);
            }
        }

        pass.Active = active;
        var seed = loss.Shape is { Length: 0 }
            ? g.Constant(1, loss.Type)
            : g.Op1("Expand", [g.Constant(1, loss.Type), pass.ShapeOf(loss)], loss.Shape);
        pass.Accumulate(loss, seed);
        for (var n = nodes.Length - 1; n >= 0; n--)
        {
            var node = nodes[n];
            if (!node.Outputs.Any(active.Contains) || !node.Outputs.Any(pass.HasGradient))
            {
                continue;
            }

            pass.Backward(node);
        }

        return wrt.Select(w => pass.GradientOf(w) ?? pass.ZerosLike(w)).ToArray();
    }

    /// <summary>One backward pass: the pending gradient contributions per value and the op rules.</summary>
    private sealed partial class Pass(GraphBuilder g)
    {
        private readonly Dictionary<Value, List<Value>> _pending = [];

        public GraphBuilder G { get; } = g;

        public HashSet<Value> Active { get; set; } = [];

        public bool HasGradient(Value value) => _pending.ContainsKey(value);

        /// <summary>Whether the loss's gradient must flow into <paramref name="input"/>.</summary>
        public bool Needs(Value? input) =>
            input is not null && Active.Contains(input) && input.Type is DataType.Float or DataType.Double;

        public void Accumulate(Value? target, Value gradient)
        {
            if (target is null || !Active.Contains(target))
            {
                return;
            }

            if (!_pending.TryGetValue(target, out var list))
            {
                _pending[target] = list = [];
            }

            list.Add(gradient);
        }

        /// <summary>The summed gradient of <paramref name="value"/>, or null when nothing flowed into it.</summary>
        public Value? GradientOf(Value value)
        {
            if (!_pending.TryGetValue(value, out var list) || list.Count == 0)
            {
                return null;
            }

            if (list.Count > 1)
            {
                var sum = list.Count == 2 ? G.Op1("Add", [list[0], list[1]], value.Shape) : G.Op1("Sum", [.. list], value.Shape);
                list.Clear();
                list.Add(sum);
            }

            return list[0];
        }

        public Value Const(double value, Value like) => G.Constant(value, like.Type);

        public Value Op(string op, IReadOnlyList<Value?> inputs, long?[]? shape = null, params AttributeProto[] attributes) =>
            G.Op1(op, inputs, shape, attributes);

        /// <summary>The shape of <paramref name="x"/> as an int64 tensor: a constant when static, else a Shape node.</summary>
        public Value ShapeOf(Value x) =>
            x.Shape is { } s && s.All(d => d is not null)
                ? G.Ints(s.Select(d => d!.Value).ToArray())
                : G.Op1("Shape", [x], [x.Rank], type: DataType.Int64);

        /// <summary>A Reshape target giving <paramref name="x"/>'s shape: constant with -1 for one symbolic dimension.</summary>
        public Value ReshapeTarget(Value x) =>
            x.Shape is { } s && s.Count(d => d is null) <= 1
                ? G.Ints(s.Select(d => d ?? -1).ToArray())
                : G.Op1("Shape", [x], [x.Rank], type: DataType.Int64);

        public Value ZerosLike(Value x) =>
            G.Op1("ConstantOfShape", [ShapeOf(x)], x.Shape, [FillValue(0, x.Type)], x.Type);

        public static AttributeProto FillValue(double value, DataType type)
        {
            var tensor = new TensorProto { DataType = (int)type, Dims = { 1 } };
            tensor.RawData = type == DataType.Double
                ? ByteString.CopyFrom(BitConverter.GetBytes(value))
                : ByteString.CopyFrom(BitConverter.GetBytes((float)value));
            return new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = tensor };
        }

        /// <summary>
        /// Sums <paramref name="gradient"/> (shaped like the broadcast result, <paramref name="broadcastShape"/> when the
        /// gradient's own shape is not recorded) down to <paramref name="target"/>'s shape:
        /// ReduceSum over the leading axes target lacks and over its size-1 axes (§3.1), Reshape only when both occur.
        /// </summary>
        public Value ReduceTo(Value gradient, Value target, long?[]? broadcastShape = null)
        {
            if ((broadcastShape ?? gradient.Shape) is not { } outShape || target.Shape is not { } shape)
            {
                throw new NotSupportedException(
                    $"Broadcasting gradient into '{target.Name}' needs static ranks (state the shapes of '{target.Name}' and '{gradient.Name}').");
            }

            var lead = outShape.Length - shape.Length;
            var leading = Enumerable.Range(0, lead).Select(i => (long)i).ToArray();
            var ones = Enumerable.Range(0, shape.Length)
                .Where(i => shape[i] == 1 && outShape[lead + i] != 1)
                .Select(i => (long)(lead + i)).ToArray();
            if (leading.Length == 0 && ones.Length == 0)
            {
                return gradient;
            }

            if (ones.Length == 0)
            {
                return Op("ReduceSum", [gradient, G.Ints(leading)], shape, Attr.Whole("keepdims", 0));
            }

            if (leading.Length == 0)
            {
                return Op("ReduceSum", [gradient, G.Ints(ones)], shape, Attr.Whole("keepdims", 1));
            }

            var reduced = Op("ReduceSum", [gradient, G.Ints([.. leading, .. ones])], null, Attr.Whole("keepdims", 1));
            return Op("Reshape", [reduced, ReshapeTarget(target)], shape);
        }
    }
}
