using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Onnx.Graphs;

/// <summary>Scalar training losses built from differentiable ops (mean over all elements / rows, as PyTorch's defaults).</summary>
public static class Losses
{
    /// <summary>mean((prediction − target)²) over every element; both operands have the same shape.</summary>
    public static Value MeanSquaredError(GraphBuilder g, Value prediction, Value target)
    {
        ArgumentNullException.ThrowIfNull(g);
        var difference = g.Op1("Sub", [prediction, target]);
        return g.Op1("ReduceMean", [g.Op1("Mul", [difference, difference])], [], [Attr.Whole("keepdims", 0)]);
    }

    /// <summary>
    /// Binary cross-entropy on logits x with 0/1 targets y (PyTorch's BCEWithLogitsLoss), in the stable form
    /// mean(max(x, 0) − x·y + log(1 + exp(−|x|))).
    /// </summary>
    public static Value BinaryCrossEntropyWithLogits(GraphBuilder g, Value logits, Value target)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(logits);
        var positive = g.Op1("Relu", [logits]);
        var product = g.Op1("Mul", [logits, target]);
        var softplus = g.Op1("Softplus", [g.Op1("Neg", [g.Op1("Abs", [logits])])]);
        var elementwise = g.Op1("Add", [g.Op1("Sub", [positive, product]), softplus]);
        return g.Op1("ReduceMean", [elementwise], [], [Attr.Whole("keepdims", 0)]);
    }

    /// <summary>
    /// Softmax cross-entropy of logits [N, K] against class indices (PyTorch's CrossEntropyLoss, mean over rows):
    /// −mean(LogSoftmax(logits)[n, label_n]). Labels are int64 [N] or [N, 1]; float labels holding class indices are cast.
    /// </summary>
    public static Value SoftmaxCrossEntropy(GraphBuilder g, Value logits, Value labels)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(labels);
        var index = labels.Type == DataType.Int64
            ? labels
            : g.Op1("Cast", [labels], labels.Shape, [Attr.Whole("to", (long)DataType.Int64)], DataType.Int64);
        if (index.Rank != 2)
        {
            index = g.Op1("Unsqueeze", [index, g.Ints(1)], [logits.Shape?[0], 1], type: DataType.Int64);
        }

        var logProbabilities = g.Op1("LogSoftmax", [logits], logits.Shape, [Attr.Whole("axis", 1)]);
        var picked = g.Op1("GatherElements", [logProbabilities, index], [logits.Shape?[0], 1], [Attr.Whole("axis", 1)], logits.Type);
        return g.Op1("Neg", [g.Op1("ReduceMean", [picked], [], [Attr.Whole("keepdims", 0)])], []);
    }
}
