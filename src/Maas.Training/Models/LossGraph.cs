using Maas.Core.Training;
using Maas.Onnx.Graphs;

namespace Maas.Training.Models;

/// <summary>
/// Loss functions written with elementary ONNX ops that the autodiff differentiates (Sub, Mul, Relu, Neg, Exp, Log,
/// LogSoftmax, ReduceSum, ReduceMean). Each returns a float scalar: the mean over the batch, as PyTorch's default
/// reduction does.
/// </summary>
internal static class LossGraph
{
    /// <summary>
    /// The loss of <paramref name="output"/> [N, O] against <paramref name="target"/>: [N, 1] values for MSE, [N, 1] 0/1
    /// labels for binary cross-entropy on one logit, [N, K] one-hot rows for softmax cross-entropy.
    /// </summary>
    public static Value Build(GraphBuilder g, LossKind kind, Value output, Value target) => kind switch
    {
        LossKind.Mse => Mse(g, output, target),
        LossKind.BinaryCrossEntropy => BinaryCrossEntropyWithLogits(g, output, target),
        LossKind.SoftmaxCrossEntropy => SoftmaxCrossEntropy(g, output, target),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>mean((y − t)²).</summary>
    private static Value Mse(GraphBuilder g, Value output, Value target)
    {
        var diff = g.Op1("Sub", [output, target], output.Shape);
        var square = g.Op1("Mul", [diff, diff], output.Shape);
        return g.Op1("ReduceMean", [square, g.Ints(0, 1)], [], [Attr.Whole("keepdims", 0)]);
    }

    /// <summary>
    /// mean(max(x, 0) − x·t + log(1 + exp(−|x|))), the numerically stable form of torch.nn.BCEWithLogitsLoss;
    /// |x| = relu(x) + relu(−x).
    /// </summary>
    private static Value BinaryCrossEntropyWithLogits(GraphBuilder g, Value logit, Value target)
    {
        var shape = logit.Shape;
        var positive = g.Op1("Relu", [logit], shape);
        var negative = g.Op1("Relu", [g.Op1("Neg", [logit], shape)], shape);
        var absolute = g.Op1("Add", [positive, negative], shape);
        var softplus = g.Op1("Log", [g.Op1("Add", [g.Op1("Exp", [g.Op1("Neg", [absolute], shape)], shape), g.Scalar(1f)], shape)], shape);
        var product = g.Op1("Mul", [logit, target], shape);
        var loss = g.Op1("Add", [g.Op1("Sub", [positive, product], shape), softplus], shape);
        return g.Op1("ReduceMean", [loss, g.Ints(0, 1)], [], [Attr.Whole("keepdims", 0)]);
    }

    /// <summary>−mean over rows of Σ_k t_k·log_softmax(x)_k (torch.nn.CrossEntropyLoss with one-hot targets).</summary>
    private static Value SoftmaxCrossEntropy(GraphBuilder g, Value logits, Value oneHot)
    {
        var logProbabilities = g.Op1("LogSoftmax", [logits], logits.Shape, [Attr.Whole("axis", 1)]);
        var picked = g.Op1("Mul", [logProbabilities, oneHot], logits.Shape);
        var perRow = g.Op1("ReduceSum", [picked, g.Ints(1)], [logits.Shape?[0]], [Attr.Whole("keepdims", 0)]);
        var mean = g.Op1("ReduceMean", [perRow, g.Ints(0)], [], [Attr.Whole("keepdims", 0)]);
        return g.Op1("Neg", [mean], []);
    }
}
