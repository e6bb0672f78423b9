using Maas.Core.Training;
using Maas.Onnx.Graphs;
using Maas.Onnx.Proto;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Training.Trees;

internal sealed partial class TreeEnsembleModel
{
    /// <summary>
    /// Appends the model to <paramref name="g"/> after <paramref name="features"/> (FLOAT [N, <see cref="Width"/>]) and
    /// returns regression FLOAT [N, 1] predictions, or classifier FLOAT [N, K] probabilities (binary: [1 − p, p]).
    /// </summary>
    /// <remarks>
    /// All ensembles go into one ai.onnx.ml TreeEnsembleRegressor (opset 3) that outputs the raw scores, one column per
    /// ensemble. The features are cast to double first so ONNX Runtime compares and sums in double, as ML.NET does
    /// (ML.NET's thresholds are float, so the comparisons are the same; leaves are double, so the sums are too).
    /// Probabilities are then formed with standard ops, which avoids TreeEnsembleClassifier's binary special cases:
    /// p_k = Sigmoid(−(Slope_k·s_k + Offset_k)) is ML.NET's Platt calibrator; binary returns [1 − p, p], multiclass
    /// p_k / Σ_j p_j, ML.NET's one-versus-all probability normalisation.
    /// </remarks>
    public Value AppendTo(GraphBuilder g, Value features)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Shape is { Length: not 2 } || features.Shape?[1] is { } width && width != Width)
        {
            throw new ArgumentException($"Expected features of shape [N, {Width}].", nameof(features));
        }

        var batch = features.Shape?[0];
        var asDouble = g.Op1("Cast", [features], features.Shape, [Attr.Whole("to", (long)DataType.Double)], DataType.Double);
        var scores = g.Op1(
            "TreeEnsembleRegressor",
            [asDouble],
            [batch, _ensembles.Count],
            RegressorAttributes(),
            DataType.Float,
            GraphBuilder.MlDomain);
        if (Task == TaskKind.Regression)
        {
            return scores;
        }

        // ML.NET: p = 1 / (1 + exp(Slope·s + Offset)) = Sigmoid(−Slope·s − Offset), per ensemble (column).
        var count = _ensembles.Count;
        var scale = g.Initializer("gbdt_platt_scale", _ensembles.Select(e => (float)-e.Calibration!.Slope).ToArray(), count);
        var shift = g.Initializer("gbdt_platt_shift", _ensembles.Select(e => (float)-e.Calibration!.Offset).ToArray(), count);
        var logits = g.Op1("Add", [g.Op1("Mul", [scores, scale], [batch, count]), shift], [batch, count]);
        var probabilities = g.Op1("Sigmoid", [logits], [batch, count]);
        if (Task == TaskKind.Binary)
        {
            var negative = g.Op1("Sub", [g.Scalar(1f), probabilities], [batch, 1]);
            return g.Op1("Concat", [negative, probabilities], [batch, 2], [Attr.Whole("axis", 1)]);
        }

        // The floor only matters when every class underflows to 0; ML.NET then leaves the zeros, and so does 0 / floor.
        var sum = g.Op1("ReduceSum", [probabilities, g.Ints(1)], [batch, 1], [Attr.Whole("keepdims", 1)]);
        var safe = g.Op1("Max", [sum, g.Scalar(1e-30f)], [batch, 1]);
        return g.Op1("Div", [probabilities, safe], [batch, count]);
    }

    /// <summary>
    /// Node ids per tree: interior node i keeps id i; leaf j becomes (interior count + j). Leaves vote their value
    /// (double, as a tensor attribute) for their ensemble's column; biases go to base values.
    /// </summary>
    private List<AttributeProto> RegressorAttributes()
    {
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var values = new List<float>();
        var modes = new List<string>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var targetTrees = new List<long>();
        var targetNodes = new List<long>();
        var targetIds = new List<long>();
        var targetWeights = new List<double>();

        var treeId = 0L;
        foreach (var (ensemble, column) in EnsemblesWithATree().Select((e, i) => (e, i)))
        {
            foreach (var tree in ensemble.Trees)
            {
                var interior = tree.InteriorCount;
                long Id(int child) => child >= 0 ? child : interior + ~child;
                for (var i = 0; i < interior; i++)
                {
                    treeIds.Add(treeId);
                    nodeIds.Add(i);
                    featureIds.Add(tree.Features[i]);
                    values.Add(tree.Thresholds[i]);
                    modes.Add("BRANCH_LEQ");
                    trueIds.Add(Id(tree.Left[i]));
                    falseIds.Add(Id(tree.Right[i]));
                }

                for (var j = 0; j < tree.Leaves.Count; j++)
                {
                    treeIds.Add(treeId);
                    nodeIds.Add(interior + j);
                    featureIds.Add(0);
                    values.Add(0);
                    modes.Add("LEAF");
                    trueIds.Add(0);
                    falseIds.Add(0);
                    targetTrees.Add(treeId);
                    targetNodes.Add(interior + j);
                    targetIds.Add(column);
                    targetWeights.Add(tree.Leaves[j]);
                }

                treeId++;
            }
        }

        return
        [
            Attr.Whole("n_targets", _ensembles.Count),
            Attr.Text("aggregate_function", "SUM"),
            Attr.Text("post_transform", "NONE"),
            Attr.Wholes("nodes_treeids", [.. treeIds]),
            Attr.Wholes("nodes_nodeids", [.. nodeIds]),
            Attr.Wholes("nodes_featureids", [.. featureIds]),
            Attr.Reals("nodes_values", [.. values]),
            Attr.Texts("nodes_modes", [.. modes]),
            Attr.Wholes("nodes_truenodeids", [.. trueIds]),
            Attr.Wholes("nodes_falsenodeids", [.. falseIds]),

            // NaN fails ML.NET's "x <= t" test and goes right (false); the preprocessing imputes before this anyway.
            Attr.Wholes("nodes_missing_value_tracks_true", new long[treeIds.Count]),
            Attr.Wholes("target_treeids", [.. targetTrees]),
            Attr.Wholes("target_nodeids", [.. targetNodes]),
            Attr.Wholes("target_ids", [.. targetIds]),
            Doubles("target_weights_as_tensor", targetWeights),
            Doubles("base_values_as_tensor", _ensembles.Select(e => e.Bias).ToList()),
        ];
    }

    /// <summary>The ensembles, with a zero tree added to any that has none (ONNX needs at least one node).</summary>
    private IEnumerable<BoostedEnsemble> EnsemblesWithATree() =>
        _ensembles.Select(e => e.Trees.Count > 0 ? e : e with { Trees = [DecisionTree.Constant(0)] });

    private static AttributeProto Doubles(string name, List<double> values) => new()
    {
        Name = name,
        Type = AttributeProto.Types.AttributeType.Tensor,
        T = new TensorProto { DataType = (int)DataType.Double, Dims = { values.Count }, DoubleData = { values } },
    };
}
