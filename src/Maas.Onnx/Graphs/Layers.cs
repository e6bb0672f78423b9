using Maas.Core.Training;

namespace Maas.Onnx.Graphs;

/// <summary>Forward layers whose ops <see cref="Autodiff"/> can differentiate (and that export cleanly for serving).</summary>
public static class Layers
{
    /// <summary>x·w + b as one Gemm: x [N, in], w [in, out], b [out] (or null).</summary>
    public static Value Dense(GraphBuilder g, Value x, Value w, Value? b)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(w);
        return g.Op1("Gemm", b is null ? [x, w] : [x, w, b]);
    }

    /// <summary>2-D convolution: x [N, C, H, W], w [F, C, k, k], b [F] (or null), symmetric padding.</summary>
    public static Value Conv2D(GraphBuilder g, Value x, Value w, Value? b, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(w);
        var kernel = w.Shape is [_, _, { } kh, { } kw] ? new[] { kh, kw } : throw new ArgumentException("The weight needs a static [F, C, kh, kw] shape.", nameof(w));
        return g.Op1(
            "Conv",
            b is null ? [x, w] : [x, w, b],
            attributes:
            [
                Attr.Wholes("kernel_shape", kernel),
                Attr.Wholes("strides", stride, stride),
                Attr.Wholes("pads", padding, padding, padding, padding),
            ]);
    }

    /// <summary>
    /// 2×2 max-pooling with stride 2. The node also outputs the argmax Indices (<c>result.Producer.Outputs[1]</c>),
    /// which the gradient needs; an exported inference graph may keep them (an unused output costs nothing).
    /// </summary>
    public static Value MaxPool2x2(GraphBuilder g, Value x)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(x);
        var outputs = g.Op(
            "MaxPool",
            [x],
            2,
            [Attr.Wholes("kernel_shape", 2, 2), Attr.Wholes("strides", 2, 2)],
            [null, null],
            [x.Type, Maas.Onnx.Proto.TensorProto.Types.DataType.Int64]);
        return outputs[0];
    }

    /// <summary>
    /// Training-mode dropout (y = x·mask/(1 − ratio)) with its mask output (<c>result.Producer.Outputs[1]</c>), which the
    /// gradient uses. ONNX Runtime draws a new mask on every run.
    /// </summary>
    public static Value Dropout(GraphBuilder g, Value x, double ratio)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(x);
        var training = g.Initializer("training_mode", [true]);
        var outputs = g.Op(
            "Dropout",
            [x, g.Constant(ratio, x.Type), training],
            2,
            null,
            [x.Shape, x.Shape],
            [x.Type, Maas.Onnx.Proto.TensorProto.Types.DataType.Bool]);
        return outputs[0];
    }

    /// <summary>Applies relu, tanh or sigmoid.</summary>
    public static Value Activate(GraphBuilder g, Value x, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(g);
        return g.Op1(
            activation switch
            {
                Activation.Relu => "Relu",
                Activation.Tanh => "Tanh",
                Activation.Sigmoid => "Sigmoid",
                _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
            },
            [x]);
    }
}
