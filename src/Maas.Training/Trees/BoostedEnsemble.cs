using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;

namespace Maas.Training.Trees;

/// <summary>
/// One FastTree ensemble: raw score s = Bias + Σ tree(x), summed in double and rounded to float as ML.NET does.
/// A classifier's ensemble carries ML.NET's Platt calibrator, p = 1 / (1 + exp(Slope·s + Offset)).
/// </summary>
internal sealed record BoostedEnsemble(IReadOnlyList<DecisionTree> Trees, double Bias, PlattCalibration? Calibration)
{
    /// <summary>Copies ML.NET's trained ensemble (tree weights are folded into the leaves).</summary>
    public static BoostedEnsemble From(RegressionTreeEnsemble ensemble, PlattCalibrator? calibrator)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var trees = ensemble.Trees.Select((tree, i) => DecisionTree.From(tree, ensemble.TreeWeights[i])).ToArray();
        return new BoostedEnsemble(trees, ensemble.Bias, calibrator is null ? null : new PlattCalibration(calibrator.Slope, calibrator.Offset));
    }

    /// <summary>The raw score, bit for bit what ML.NET's Score column holds.</summary>
    public float Score(ReadOnlySpan<float> row)
    {
        var sum = Bias;
        foreach (var tree in Trees)
        {
            sum += tree.Evaluate(row);
        }

        return (float)sum;
    }
}

/// <summary>ML.NET's <see cref="PlattCalibrator"/>: p = 1 / (1 + exp(Slope·score + Offset)).</summary>
internal sealed record PlattCalibration(double Slope, double Offset)
{
    /// <summary>ML.NET's formula, evaluated in double from the float score like ML.NET.</summary>
    public float Probability(float score) => (float)(1 / (1 + Math.Exp((Slope * score) + Offset)));
}
