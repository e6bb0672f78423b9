using Maas.Core.Training;
using Maas.Onnx.Graphs;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Training.Models;

/// <summary>
/// Turns a model's raw output into the served outputs: regression "prediction" FLOAT [N]; classifiers "probabilities"
/// FLOAT [N, K] and "label" STRING [N] (the class name of the arg-max).
/// </summary>
internal static class OutputHead
{
    public const string Prediction = "prediction";
    public const string Probabilities = "probabilities";
    public const string Label = "label";

    /// <summary>Regression: [N, 1] → [N].</summary>
    public static Value Predictions(GraphBuilder g, Value output) =>
        g.Op1("Reshape", [output, g.Ints(-1)], [null]);

    /// <summary>
    /// Classifier probabilities [N, K] from the raw output: one logit → [1 − σ(x), σ(x)]; K logits → softmax;
    /// <paramref name="alreadyProbabilities"/> passes through a model (trees) that already outputs probabilities.
    /// </summary>
    public static Value ClassProbabilities(GraphBuilder g, Value output, int classes, bool alreadyProbabilities = false)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(output);
        if (alreadyProbabilities)
        {
            return output;
        }

        if (output.Shape is [_, 1])
        {
            var p = g.Op1("Sigmoid", [output], [null, 1]);
            var q = g.Op1("Sub", [g.Scalar(1f), p], [null, 1]);
            return g.Op1("Concat", [q, p], [null, 2], [Attr.Whole("axis", 1)]);
        }

        return g.Op1("Softmax", [output], [null, classes], [Attr.Whole("axis", 1)]);
    }

    /// <summary>The class name of each row's most probable class (ties: the first), via ArgMax and Gather.</summary>
    public static Value Labels(GraphBuilder g, Value probabilities, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(classNames);
        var index = g.Op1("ArgMax", [probabilities], [null], [Attr.Whole("axis", 1), Attr.Whole("keepdims", 0)], DataType.Int64);
        var names = g.Initializer("class_names", classNames, classNames.Count);
        return g.Op1("Gather", [names, index], [null], [Attr.Whole("axis", 0)], DataType.String);
    }

    /// <summary>Adds the task's outputs to <paramref name="g"/> with their contract names.</summary>
    public static void AddOutputs(GraphBuilder g, TaskKind task, Value output, IReadOnlyList<string>? classNames, bool alreadyProbabilities = false)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (task == TaskKind.Regression)
        {
            g.Output(Predictions(g, output), Prediction, ["N"]);
            return;
        }

        var probabilities = ClassProbabilities(g, output, classNames!.Count, alreadyProbabilities);
        g.Output(probabilities, Probabilities, ["N", null]);
        g.Output(Labels(g, probabilities, classNames), Label, ["N"]);
    }
}
