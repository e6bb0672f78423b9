using Google.Protobuf;
using Maas.Core;
using Maas.Core.Training;
using Maas.Onnx.Graphs;
using Maas.Training.Data;
using Microsoft.ML.OnnxRuntime;

namespace Maas.Training.Tests.Data;

public sealed class FeaturePlanTests
{
    [Fact]
    public void AppendTo_MixedPlan_OnnxRuntimeMatchesTheCSharpTransform()
    {
        var plan = FeaturePlan.Fit(TrainTable(), ["x1", "colour", "x2", "size-class", "1st", "x3"], [0, 1, 2, 3, 4, 5], MissingPolicy.Median);
        var probe = ProbeTable();

        var expected = plan.Transform(probe, Enumerable.Range(0, probe.RowCount).ToArray());
        var actual = RunGraph(plan, probe);

        Assert.Equal(3 + 3 + 2 + 2, plan.Width);
        Assert.Equal(["features", "colour", "size_class", "c_1st"], plan.Features.Select(f => f.Input).Distinct());
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 6);
        }
    }

    [Fact]
    public void Transform_MissingAndUnknownValues_ImputeOrEncodeAsZeros()
    {
        var plan = FeaturePlan.Fit(TrainTable(), ["x1", "colour"], [0, 1, 2, 3, 4, 5], MissingPolicy.Mean);
        var probe = ProbeTable();

        var rows = plan.Transform(probe, [1, 2]);

        var x1 = plan.Features[0];
        Assert.Equal(3.5f, x1.Fill); // mean of 1, 2, 4, 7
        Assert.Equal(0, rows[0], 6); // x1 missing → fill → (3.5 − mean) / scale, and the mean of the imputed train column is 3.5 too
        Assert.Equal([0f, 0f, 0f], rows.AsSpan(1, 3).ToArray()); // "purple" was never seen
        Assert.Equal([0f, 1f, 0f], rows.AsSpan(5, 3).ToArray()); // missing colour → "green", the most frequent
    }

    [Fact]
    public async Task AppendTo_NumericOnlyPlan_RunsWithoutConcat()
    {
        var table = await TestTables.FixtureAsync("iris");
        var data = DataPreparation.Prepare(table, TestTables.Spec("species"));
        var rows = data.TestRows.ToArray();

        var actual = RunGraph(data.Plan, table, rows);

        Assert.DoesNotContain("Concat", BuildGraph(data.Plan).Nodes.Select(n => n.OpType));
        Assert.Equal(data.Test.Features.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(data.Test.Features[i], actual[i], 6);
        }
    }

    [Fact]
    public void AppendTo_CategoricalOnlyPlan_MatchesTheCSharpTransform()
    {
        var plan = FeaturePlan.Fit(TrainTable(), ["colour"], [0, 1, 2, 3, 4, 5], MissingPolicy.MostFrequent);
        var probe = ProbeTable();

        var actual = RunGraph(plan, probe);

        Assert.Equal(plan.Transform(probe, Enumerable.Range(0, probe.RowCount).ToArray()), actual);
    }

    [Fact]
    public void ToJson_RoundTrip_GivesAnEquivalentPlan()
    {
        var plan = FeaturePlan.Fit(TrainTable(), ["x1", "colour", "x2"], [0, 1, 2, 3, 4, 5], MissingPolicy.Median);
        var probe = ProbeTable();
        var rows = Enumerable.Range(0, probe.RowCount).ToArray();

        var json = plan.ToJson();
        var back = FeaturePlan.FromJson(json);

        Assert.Contains("\"kind\":\"categorical\"", json, StringComparison.Ordinal);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(plan.Width, back.Width);
        Assert.Equal(plan.Transform(probe, rows), back.Transform(probe, rows));
    }

    [Fact]
    public void Describe_SaysWhatHappensToEachFeature()
    {
        var plan = FeaturePlan.Fit(TrainTable(), ["colour", "x1"], [0, 1, 2, 3, 4, 5], MissingPolicy.Mean);

        var lines = plan.Describe();

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("x1: features[:, 0]; missing → 3.5; (x − 3.5) / ", lines[0], StringComparison.Ordinal);
        Assert.Equal("colour: input 'colour'; one-hot over 3 categories (blue, green, red); missing → 'green', unknown → all zeros → columns 1–3", lines[1]);
    }

    [Fact]
    public void FromJson_InconsistentPlan_IsRejected()
    {
        var json = FeaturePlan.Fit(TrainTable(), ["x1", "colour"], [0, 1, 2], MissingPolicy.Mean).ToJson().Replace("\"offset\":1", "\"offset\":2", StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => FeaturePlan.FromJson(json));
    }

    [Fact]
    public void Fit_CategoricalWithNoTrainValue_IsInvalidArgument()
    {
        var table = new DataTable([new CategoricalColumn("c", [null, null, "a"])]);

        var error = Assert.Throws<MaasException>(() => FeaturePlan.Fit(table, ["c"], [0, 1], MissingPolicy.Mean));

        Assert.Contains("'c'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ConstantColumn_ScalesByOne()
    {
        var table = new DataTable([new NumericColumn("k", [5, 5, 5])]);

        var plan = FeaturePlan.Fit(table, ["k"], [0, 1, 2], MissingPolicy.Mean);

        Assert.Equal(1f, plan.Features[0].Scale);
        Assert.Equal([0f, 0f, 0f], plan.Transform(table, [0, 1, 2]));
    }

    [Fact]
    public void InputNameFor_SanitisesAndDeduplicates()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { FeaturePlan.NumericInputName };

        string[] names = [.. new[] { "a b", "a-b", "9lives", "features", "", "ünï" }.Select(n => FeaturePlan.InputNameFor(n, taken))];

        Assert.Equal(["a_b", "a_b_2", "c_9lives", "features_2", "c_", "_n_"], names);
    }

    /// <summary>Training rows 0–5; colour's mode is green, size-class has two values, "1st" is a categorical with a digit-led name.</summary>
    private static DataTable TrainTable() => new([
        new NumericColumn("x1", [1, 2, double.NaN, 4, 7, double.NaN]),
        new CategoricalColumn("colour", ["red", "green", "blue", "green", null, "green"]),
        new NumericColumn("x2", [-10, 0, 10, 20, 30, 1e6]),
        new CategoricalColumn("size-class", ["S", "L", "S", "L", "S", "L"]),
        new CategoricalColumn("1st", ["yes", "no", "no", "no", "yes", "no"]),
        new NumericColumn("x3", [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
    ]);

    /// <summary>Rows to push through both paths: ordinary, missing numbers, missing labels, unseen labels, extreme values.</summary>
    private static DataTable ProbeTable() => new([
        new NumericColumn("x1", [3, double.NaN, 100, -5, double.NaN]),
        new CategoricalColumn("colour", ["blue", "purple", null, "red", "Green"]),
        new NumericColumn("x2", [5, 5, double.NaN, -1e7, 0.25]),
        new CategoricalColumn("size-class", ["L", null, "M", "S", "S"]),
        new CategoricalColumn("1st", [null, "yes", "no", "maybe", "no"]),
        new NumericColumn("x3", [0.5, 1, 2, 3, 4]),
    ]);

    private static GraphBuilder BuildGraph(FeaturePlan plan)
    {
        var g = new GraphBuilder("preprocess");
        g.Output(plan.AppendTo(g), "preprocessed");
        return g;
    }

    private static float[] RunGraph(FeaturePlan plan, DataTable table) => RunGraph(plan, table, Enumerable.Range(0, table.RowCount).ToArray());

    /// <summary>Runs the plan's graph in ONNX Runtime on raw values, as a client of the served model would send them.</summary>
    private static float[] RunGraph(FeaturePlan plan, DataTable table, int[] rows)
    {
        var model = BuildGraph(plan).ToModel();
        using var session = new InferenceSession(model.ToByteArray());
        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            if (plan.NumericCount > 0)
            {
                var numeric = plan.Features.Take(plan.NumericCount).Select(f => ((NumericColumn)table[f.Column]).Values).ToArray();
                var data = new float[rows.Length * numeric.Length];
                for (var r = 0; r < rows.Length; r++)
                {
                    for (var k = 0; k < numeric.Length; k++)
                    {
                        data[(r * numeric.Length) + k] = (float)numeric[k][rows[r]];
                    }
                }

                names.Add(FeaturePlan.NumericInputName);
                values.Add(OrtValue.CreateTensorValueFromMemory(data, [rows.Length, numeric.Length]));
            }

            foreach (var feature in plan.Features.Where(f => f.Kind == DatasetColumnKind.Categorical))
            {
                var labels = ((CategoricalColumn)table[feature.Column]).Values;
                var tensor = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [rows.Length, 1]);
                values.Add(tensor);
                names.Add(feature.Input);
                for (var r = 0; r < rows.Length; r++)
                {
                    tensor.StringTensorSetElementAt((labels[rows[r]] ?? string.Empty).AsSpan(), r);
                }
            }

            using var options = new RunOptions();
            using var outputs = session.Run(options, names, values, ["preprocessed"]);
            Assert.Equal([rows.Length, plan.Width], outputs[0].GetTensorTypeAndShape().Shape);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }
}
