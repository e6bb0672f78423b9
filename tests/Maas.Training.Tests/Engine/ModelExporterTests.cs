using Maas.Core.Training;
using Maas.Training.Data;
using Maas.Training.Engine;
using Maas.Training.Models;

namespace Maas.Training.Tests.Engine;

public sealed class ModelExporterTests
{
    [Fact]
    public void ExportNetwork_OnRawRowsWithCategoriesAndMissingValues_MatchesEvaluationOnPreparedRows()
    {
        var table = TrainingData.Synthetic();
        var spec = TrainingData.Spec("label", new ModelSpec { Kind = ModelKind.Mlp, Hidden = [8, 4], Activation = Activation.Tanh });
        var prepared = DataPreparation.Prepare(table, spec);
        var network = Network.Create(spec.Model, prepared.Plan.Width, 1);
        var weights = network.Initialize(seed: 3);
        using var evaluation = new EvaluationSession(network, TaskKind.Binary, 2);

        var expected = evaluation.Evaluate(prepared.Test, network, weights);
        var model = ModelExporter.ExportNetwork(prepared, network, weights, spec);
        var (floats, labels) = RawRows.Run(model, table, prepared.Plan, prepared.TestRows);

        Assert.Contains(prepared.TestRows, r => double.IsNaN(((NumericColumn)table["a"]).Values[r]));
        Assert.Contains(prepared.TestRows, r => ((CategoricalColumn)table["colour"]).Values[r] is null);
        Assert.Equal(expected.Length, floats["probabilities"].Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], floats["probabilities"][i], 5);
        }

        Assert.Equal(prepared.TestRows.Count, labels!.Length);
    }

    [Fact]
    public void ExportNetwork_Multiclass_LabelIsTheArgMaxClassName()
    {
        var table = TrainingData.Synthetic();
        var spec = TrainingData.Spec("colour", new ModelSpec { Kind = ModelKind.Logistic }) with { Features = ["a", "b"], Missing = MissingPolicy.Drop };
        var prepared = DataPreparation.Prepare(table, spec);
        var network = Network.Create(spec.Model, prepared.Plan.Width, 3);
        var weights = network.Initialize(seed: 11);

        var model = ModelExporter.ExportNetwork(prepared, network, weights, spec);
        var (floats, labels) = RawRows.Run(model, table, prepared.Plan, prepared.TrainRows);

        var probabilities = floats["probabilities"];
        var seen = new HashSet<string>();
        for (var i = 0; i < labels!.Length; i++)
        {
            var row = probabilities.AsSpan(3 * i, 3);
            Assert.Equal(1f, row[0] + row[1] + row[2], 5);
            var best = row.IndexOf(Max(row));
            Assert.Equal(prepared.ClassNames![best], labels[i]);
            seen.Add(labels[i]);
        }

        Assert.True(seen.Count >= 2, "random weights should still pick more than one class");
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = float.MinValue;
        foreach (var value in values)
        {
            max = Math.Max(max, value);
        }

        return max;
    }
}
