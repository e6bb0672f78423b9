using Microsoft.ML.Trainers.FastTree;

namespace Maas.Training.Trees;

/// <summary>
/// One regression tree copied out of ML.NET's public model parameters, in ML.NET's layout: interior node i tests
/// <c>x[Features[i]] &lt;= Thresholds[i]</c> and goes to <c>Left[i]</c> when true, <c>Right[i]</c> otherwise; a
/// child c ≥ 0 is an interior node, c &lt; 0 is the leaf <c>~c</c>. A NaN feature fails the test and goes right.
/// Leaf values already include the tree's weight.
/// </summary>
internal sealed class DecisionTree
{
    private DecisionTree(int[] left, int[] right, int[] features, float[] thresholds, double[] leaves)
    {
        Left = left;
        Right = right;
        Features = features;
        Thresholds = thresholds;
        Leaves = leaves;
    }

    public IReadOnlyList<int> Left { get; }

    public IReadOnlyList<int> Right { get; }

    public IReadOnlyList<int> Features { get; }

    /// <summary>ML.NET's thresholds are float already, so they compare with float inputs exactly as ML.NET does.</summary>
    public IReadOnlyList<float> Thresholds { get; }

    public IReadOnlyList<double> Leaves { get; }

    /// <summary>Interior nodes (0 for a single-leaf tree).</summary>
    public int InteriorCount => Left.Count;

    /// <summary>A tree that always answers <paramref name="value"/>.</summary>
    public static DecisionTree Constant(double value) => new([], [], [], [], [value]);

    /// <summary>Copies <paramref name="tree"/>, scaling its leaves by the ensemble's <paramref name="weight"/> for it.</summary>
    public static DecisionTree From(RegressionTree tree, double weight)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var leaves = tree.LeafValues.Select(v => v * weight).ToArray();
        if (tree.NumberOfLeaves <= 1)
        {
            return new([], [], [], [], leaves);
        }

        var interior = tree.NumberOfLeaves - 1;
        for (var i = 0; i < interior; i++)
        {
            // Categorical splits are only made when FastTree's CategoricalSplit option is on; the trainer leaves it off.
            if (tree.CategoricalSplitFlags[i])
            {
                throw new InvalidOperationException("FastTree produced a categorical split, which the ONNX export does not support.");
            }
        }

        return new(
            tree.LeftChild.Take(interior).ToArray(),
            tree.RightChild.Take(interior).ToArray(),
            tree.NumericalSplitFeatureIndexes.Take(interior).ToArray(),
            tree.NumericalSplitThresholds.Take(interior).ToArray(),
            leaves);
    }

    /// <summary>The leaf value <paramref name="row"/> lands in, following ML.NET's rule.</summary>
    public double Evaluate(ReadOnlySpan<float> row)
    {
        if (InteriorCount == 0)
        {
            return Leaves[0];
        }

        var node = 0;
        while (node >= 0)
        {
            node = row[Features[node]] <= Thresholds[node] ? Left[node] : Right[node];
        }

        return Leaves[~node];
    }
}
