namespace Maas.Onnx.Graphs;

public static partial class Autodiff
{
    private sealed partial class Pass
    {
        private void MatMulBackward(GraphNode node, Value dy)
        {
            var a = node.Inputs[0]!;
            var b = node.Inputs[1]!;
            if (a.Rank == 2 && b.Rank == 2)
            {
                if (Needs(a))
                {
                    Accumulate(a, Op("Gemm", [dy, b], a.Shape, Attr.Whole("transB", 1)));
                }

                if (Needs(b))
                {
                    Accumulate(b, Op("Gemm", [a, dy], b.Shape, Attr.Whole("transA", 1)));
                }

                return;
            }

            if (a.Rank > 2 && b.Shape is [{ } k, { } n])
            {
                // [.., M, K]·[K, N]: dA = dY·Bᵀ; dB = Σ over batch of Aᵀ·dY as one Gemm on the flattened rows.
                if (Needs(a))
                {
                    Accumulate(a, Op("MatMul", [dy, Op("Transpose", [b], [n, k])], a.Shape));
                }

                if (Needs(b))
                {
                    var rowsA = Op("Reshape", [a, G.Ints(-1, k)]);
                    var rowsDy = Op("Reshape", [dy, G.Ints(-1, n)]);
                    Accumulate(b, Op("Gemm", [rowsA, rowsDy], b.Shape, Attr.Whole("transA", 1)));
                }

                return;
            }

            throw new NotSupportedException(
                $"MatMul gradient supports [M,K]·[K,N] and [..,M,K]·[K,N] with static ranks ('{node.Outputs[0].Name}').");
        }

        private void GemmBackward(GraphNode node, Value dy)
        {
            var a = node.Inputs[0]!;
            var b = node.Inputs[1]!;
            var c = node.Inputs.Count > 2 ? node.Inputs[2] : null;
            var alpha = ShapeInference.Real(node.Attributes, "alpha", 1);
            var beta = ShapeInference.Real(node.Attributes, "beta", 1);
            var transA = ShapeInference.Int(node.Attributes, "transA", 0) != 0;
            var transB = ShapeInference.Int(node.Attributes, "transB", 0) != 0;
            var scale = Attr.Real("alpha", alpha);

            // Y = alpha·op(A)·op(B) + beta·C (ONNX.md §3.2 table, per transA/transB).
            if (Needs(a))
            {
                var da = (transA, transB) switch
                {
                    (false, false) => Op("Gemm", [dy, b], a.Shape, scale, Attr.Whole("transB", 1)),
                    (false, true) => Op("Gemm", [dy, b], a.Shape, scale),
                    (true, false) => Op("Gemm", [b, dy], a.Shape, scale, Attr.Whole("transB", 1)),
                    (true, true) => Op("Gemm", [b, dy], a.Shape, scale, Attr.Whole("transA", 1), Attr.Whole("transB", 1)),
                };
                Accumulate(a, da);
            }

            if (Needs(b))
            {
                var db = (transA, transB) switch
                {
                    (false, false) => Op("Gemm", [a, dy], b.Shape, scale, Attr.Whole("transA", 1)),
                    (false, true) => Op("Gemm", [dy, a], b.Shape, scale, Attr.Whole("transA", 1)),
                    (true, false) => Op("Gemm", [a, dy], b.Shape, scale),
                    (true, true) => Op("Gemm", [dy, a], b.Shape, scale, Attr.Whole("transA", 1), Attr.Whole("transB", 1)),
                };
                Accumulate(b, db);
            }

            if (Needs(c))
            {
                var dc = ReduceTo(dy, c!, node.Outputs[0].Shape);
                Accumulate(c, beta == 1 ? dc : Op("Mul", [dc, Const(beta, dc)], c!.Shape));
            }
        }

        private void ConvBackward(GraphNode node, Value dy)
        {
            var x = node.Inputs[0]!;
            var w = node.Inputs[1]!;
            var bias = node.Inputs.Count > 2 ? node.Inputs[2] : null;
            var attributes = node.Attributes;
            if (ShapeInference.Int(attributes, "group", 1) != 1
                || (node.Attribute("auto_pad") is { } autoPad && autoPad.S.ToStringUtf8() is not ("NOTSET" or "")))
            {
                throw new NotSupportedException("Conv gradient supports group 1 with explicit pads only.");
            }

            if (x.Shape is not [_, _, { } h, { } wd] || w.Shape is not [{ } co, { } ci, { } kh, { } kw])
            {
                throw new NotSupportedException($"Conv gradient needs static C,H,W of the input and a static weight shape ('{node.Outputs[0].Name}').");
            }

            var strides = ShapeInference.Ints(attributes, "strides") ?? [1, 1];
            var pads = ShapeInference.Ints(attributes, "pads") ?? [0, 0, 0, 0];
            var dilations = ShapeInference.Ints(attributes, "dilations") ?? [1, 1];
            long[] size = [h, wd];
            long[] kernel = [kh, kw];
            var outSize = new long[2];
            var outputPadding = new long[2];
            var dwSize = new long[2];
            for (var i = 0; i < 2; i++)
            {
                var span = size[i] + pads[i] + pads[i + 2];
                outSize[i] = ((span - (((kernel[i] - 1) * dilations[i]) + 1)) / strides[i]) + 1;
                outputPadding[i] = span - (((outSize[i] - 1) * strides[i]) + ((kernel[i] - 1) * dilations[i]) + 1);
                dwSize[i] = ((span - (((outSize[i] - 1) * strides[i]) + 1)) / dilations[i]) + 1;
            }

            if (Needs(bias))
            {
                Accumulate(bias, Op("ReduceSum", [dy, G.Ints(0, 2, 3)], bias!.Shape, Attr.Whole("keepdims", 0)));
            }

            if (Needs(x))
            {
                // dX = ConvTranspose(dY, W) with output_padding restoring the rows the stride dropped (ONNX.md §3.3).
                Accumulate(x, Op(
                    "ConvTranspose",
                    [dy, w],
                    x.Shape,
                    Attr.Wholes("strides", strides),
                    Attr.Wholes("pads", pads),
                    Attr.Wholes("dilations", dilations),
                    Attr.Wholes("output_padding", outputPadding)));
            }

            if (Needs(w))
            {
                // dW: the batch becomes the reduction channel: Conv(Xᵀ, dYᵀ) with strides and dilations swapped.
                var xt = Op("Transpose", [x], [ci, x.Shape[0], h, wd], Attr.Wholes("perm", 1, 0, 2, 3));
                var dyt = Op("Transpose", [dy], [co, dy.Shape?[0], outSize[0], outSize[1]], Attr.Wholes("perm", 1, 0, 2, 3));
                var full = Op(
                    "Conv",
                    [xt, dyt],
                    [ci, co, dwSize[0], dwSize[1]],
                    Attr.Wholes("kernel_shape", outSize),
                    Attr.Wholes("pads", pads),
                    Attr.Wholes("strides", dilations),
                    Attr.Wholes("dilations", strides));
                if (dwSize[0] != kh || dwSize[1] != kw)
                {
                    full = Op("Slice", [full, G.Ints(0, 0), G.Ints(kh, kw), G.Ints(2, 3)], [ci, co, kh, kw]);
                }

                Accumulate(w, Op("Transpose", [full], w.Shape, Attr.Wholes("perm", 1, 0, 2, 3)));
            }
        }

        private void MaxPoolBackward(GraphNode node, Value dy)
        {
            if (node.Outputs.Count < 2)
            {
                throw new NotSupportedException("MaxPool needs its Indices output for the gradient (outputCount: 2; see Layers.MaxPool2x2).");
            }

            // Indices are flat over the whole N·C·H·W tensor, so scatter-add dY into a flat zero tensor (ONNX.md §3.4).
            var x = node.Inputs[0]!;
            var flatShape = x.Shape is { } s && s.All(d => d is not null)
                ? G.Ints(s.Aggregate(1L, (p, d) => p * d!.Value))
                : Op("Unsqueeze", [G.Op1("Size", [x], [], type: Maas.Onnx.Proto.TensorProto.Types.DataType.Int64), G.Ints(0)], [1]);
            var zeros = G.Op1("ConstantOfShape", [flatShape], [null], [FillValue(0, x.Type)], x.Type);
            var flat = G.Ints(-1);
            var scattered = Op(
                "ScatterElements",
                [zeros, Op("Reshape", [node.Outputs[1], flat], [null]), Op("Reshape", [dy, flat], [null])],
                [null],
                Attr.Whole("axis", 0),
                Attr.Text("reduction", "add"));
            Accumulate(x, Op("Reshape", [scattered, ReshapeTarget(x)], x.Shape));
        }
    }
}
