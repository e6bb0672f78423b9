using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Graphs;

public static partial class Autodiff
{
    private sealed partial class Pass
    {
        /// <summary>Adds the gradient contributions of one forward node to its inputs (ONNX.md §3).</summary>
        public void Backward(GraphNode node)
        {
            var dy = GradientOf(node.Outputs[0]);
            if (dy is null)
            {
                return; // only secondary outputs (Indices, mask) have "gradients": they are not differentiable.
            }

            var x = node.Inputs.Count > 0 ? node.Inputs[0] : null;
            var y = node.Outputs[0];
            switch (node.OpType)
            {
                case "Identity":
                    Accumulate(x, dy);
                    break;
                case "Cast":
                    Accumulate(x, x!.Type == dy.Type ? dy : Op("Cast", [dy], x.Shape, Attr.Whole("to", (long)x.Type)));
                    break;
                case "Neg":
                    Accumulate(x, Op("Neg", [dy], x!.Shape));
                    break;
                case "Add":
                case "Sum":
                    foreach (var input in node.Inputs)
                    {
                        if (Needs(input))
                        {
                            Accumulate(input, ReduceTo(dy, input!, y.Shape));
                        }
                    }

                    break;
                case "Sub":
                    Binary(node, dy, a => ReduceTo(dy, a, y.Shape), b => Op("Neg", [ReduceTo(dy, b, y.Shape)], b.Shape));
                    break;
                case "Mul":
                    Binary(
                        node,
                        dy,
                        a => ReduceTo(Op("Mul", [dy, node.Inputs[1]]), a, y.Shape),
                        b => ReduceTo(Op("Mul", [dy, node.Inputs[0]]), b, y.Shape));
                    break;
                case "Div":
                    DivBackward(node, dy);
                    break;
                case "Relu":
                    Accumulate(x, Op("Where", [Op("Greater", [y, Const(0, y)], y.Shape), dy, Const(0, dy)], x!.Shape));
                    break;
                case "Tanh":
                    Accumulate(x, Op("Mul", [dy, Op("Sub", [Const(1, y), Op("Mul", [y, y])])], x!.Shape));
                    break;
                case "Sigmoid":
                    Accumulate(x, Op("Mul", [dy, Op("Mul", [y, Op("Sub", [Const(1, y), y])])], x!.Shape));
                    break;
                case "Softplus":
                    Accumulate(x, Op("Mul", [dy, Op("Sigmoid", [x])], x!.Shape));
                    break;
                case "Exp":
                    Accumulate(x, Op("Mul", [dy, y], x!.Shape));
                    break;
                case "Log":
                    Accumulate(x, Op("Div", [dy, x], x!.Shape));
                    break;
                case "Sqrt":
                    Accumulate(x, Op("Div", [Op("Mul", [dy, Const(0.5, dy)]), y], x!.Shape));
                    break;
                case "Reciprocal":
                    Accumulate(x, Op("Neg", [Op("Mul", [dy, Op("Mul", [y, y])])], x!.Shape));
                    break;
                case "Abs":
                    Accumulate(x, Op("Mul", [dy, Op("Sign", [x])], x!.Shape));
                    break;
                case "Softmax":
                    {
                        var axes = G.Ints(ShapeInference.Int(node.Attributes, "axis", -1));
                        var dot = Op("ReduceSum", [Op("Mul", [dy, y]), axes], null, Attr.Whole("keepdims", 1));
                        Accumulate(x, Op("Mul", [y, Op("Sub", [dy, dot])], x!.Shape));
                        break;
                    }

                case "LogSoftmax":
                    {
                        var axes = G.Ints(ShapeInference.Int(node.Attributes, "axis", -1));
                        var total = Op("ReduceSum", [dy, axes], null, Attr.Whole("keepdims", 1));
                        Accumulate(x, Op("Sub", [dy, Op("Mul", [Op("Exp", [y]), total])], x!.Shape));
                        break;
                    }

                case "MatMul":
                    MatMulBackward(node, dy);
                    break;
                case "Gemm":
                    GemmBackward(node, dy);
                    break;
                case "Transpose":
                    {
                        var perm = ShapeInference.Perm(node.Attributes, x!.Rank ?? dy.Rank ?? throw Unknown(node));
                        var inverse = new long[perm.Length];
                        for (var i = 0; i < perm.Length; i++)
                        {
                            inverse[perm[i]] = i;
                        }

                        Accumulate(x, Op("Transpose", [dy], x.Shape, Attr.Wholes("perm", inverse)));
                        break;
                    }

                case "Reshape":
                case "Flatten":
                case "Squeeze":
                case "Unsqueeze":
                    Accumulate(x, Op("Reshape", [dy, ReshapeTarget(x!)], x!.Shape));
                    break;
                case "Dropout":
                    DropoutBackward(node, dy);
                    break;
                case "ReduceSum":
                case "ReduceMean":
                    ReduceBackward(node, dy);
                    break;
                case "GatherElements":
                    Accumulate(x, Op(
                        "ScatterElements",
                        [ZerosLike(x!), node.Inputs[1], dy],
                        x!.Shape,
                        Attr.Whole("axis", ShapeInference.Int(node.Attributes, "axis", 0)),
                        Attr.Text("reduction", "add")));
                    break;
                case "Where":
                    {
                        var condition = node.Inputs[0];
                        var zero = Const(0, dy);
                        if (Needs(node.Inputs[1]))
                        {
                            Accumulate(node.Inputs[1], ReduceTo(Op("Where", [condition, dy, zero], dy.Shape), node.Inputs[1]!, y.Shape));
                        }

                        if (Needs(node.Inputs[2]))
                        {
                            Accumulate(node.Inputs[2], ReduceTo(Op("Where", [condition, zero, dy], dy.Shape), node.Inputs[2]!, y.Shape));
                        }

                        break;
                    }

                case "Conv":
                    ConvBackward(node, dy);
                    break;
                case "MaxPool":
                    MaxPoolBackward(node, dy);
                    break;
                default:
                    throw new NotSupportedException($"Autodiff has no gradient rule for {node.OpType} (output '{y.Name}').");
            }
        }

        private static NotSupportedException Unknown(GraphNode node) =>
            new($"The gradient of {node.OpType} ('{node.Outputs[0].Name}') needs its input's rank; state the shape.");

        private void Binary(GraphNode node, Value dy, Func<Value, Value> left, Func<Value, Value> right)
        {
            _ = dy;
            if (Needs(node.Inputs[0]))
            {
                Accumulate(node.Inputs[0], left(node.Inputs[0]!));
            }

            if (Needs(node.Inputs[1]))
            {
                Accumulate(node.Inputs[1], right(node.Inputs[1]!));
            }
        }

        private void DivBackward(GraphNode node, Value dy)
        {
            // dA = dY/B; dB = -dY·A/B² = -(dY/B)·Y, so both share dY/B.
            var a = node.Inputs[0]!;
            var b = node.Inputs[1]!;
            var quotient = Op("Div", [dy, b]);
            if (Needs(a))
            {
                Accumulate(a, ReduceTo(quotient, a, node.Outputs[0].Shape));
            }

            if (Needs(b))
            {
                Accumulate(b, Op("Neg", [ReduceTo(Op("Mul", [quotient, node.Outputs[0]]), b, node.Outputs[0].Shape)], b.Shape));
            }
        }

        private void DropoutBackward(GraphNode node, Value dy)
        {
            var x = node.Inputs[0]!;
            var ratio = node.Inputs.Count > 1 ? node.Inputs[1] : null;
            var training = node.Inputs.Count > 2 ? node.Inputs[2] : null;
            if (training is null || G.ConstantData(training) is [0])
            {
                Accumulate(x, dy); // inference mode: identity.
                return;
            }

            if (node.Outputs.Count < 2)
            {
                throw new NotSupportedException("Dropout in training mode needs its mask output for the gradient (outputCount: 2).");
            }

            // dX = dY·mask/(1−ratio) (ONNX.md §3.2).
            Value scale;
            if (ratio is null)
            {
                scale = Const(2, dy);
            }
            else if (G.ConstantData(ratio) is [var p])
            {
                scale = Const(1 / (1 - p), dy);
            }
            else
            {
                var typed = ratio.Type == dy.Type ? ratio : Op("Cast", [ratio], [], Attr.Whole("to", (long)dy.Type));
                scale = Op("Div", [Const(1, dy), Op("Sub", [Const(1, dy), typed])], []);
            }

            var masked = Op("Where", [node.Outputs[1], dy, Const(0, dy)], dy.Shape);
            Accumulate(x, Op("Mul", [masked, scale], x.Shape));
        }

        private void ReduceBackward(GraphNode node, Value dy)
        {
            var x = node.Inputs[0]!;
            var rank = x.Rank ?? throw Unknown(node);
            var axes = ShapeInference.ReduceAxes(rank, node.Inputs.Count > 1 ? node.Inputs[1] : null, node.Attributes, G)
                ?? throw new NotSupportedException($"{node.OpType} '{node.Outputs[0].Name}' needs constant axes for its gradient.");
            var grad = dy;
            if (node.OpType == "ReduceMean")
            {
                var reducedDims = axes.Select(a => x.Shape![a]).ToArray();
                if (reducedDims.All(d => d is not null))
                {
                    var count = reducedDims.Aggregate(1L, (p, d) => p * d!.Value);
                    grad = Op("Mul", [grad, Const(1.0 / count, dy)], dy.Shape);
                }
                else
                {
                    var count = Op("Div", [
                        Op("Cast", [G.Op1("Size", [x], [], type: DataType.Int64)], [], Attr.Whole("to", (long)dy.Type)),
                        Op("Cast", [G.Op1("Size", [node.Outputs[0]], [], type: DataType.Int64)], [], Attr.Whole("to", (long)dy.Type)),
                    ], []);
                    grad = Op("Div", [grad, count], dy.Shape);
                }
            }

            var keep = ShapeInference.Int(node.Attributes, "keepdims", 1) != 0;
            if (!keep && axes.Length < rank)
            {
                grad = Op("Unsqueeze", [grad, G.Ints(axes.Select(a => (long)a).ToArray())]);
            }

            Accumulate(x, Op("Expand", [grad, ShapeOf(x)], x.Shape));
        }
    }
}
