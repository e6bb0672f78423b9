using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Trees;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Xunit.Abstractions;

namespace Maas.Training.Tests.Trees;

public sealed class GbdtTrainerTests(ITestOutputHelper output)
{
    private const long Seed = 42;
    private static readonly GbdtSpec Spec = new() { Trees = 100, Leaves = 20, LearningRate = 0.1, MinSamplesPerLeaf = 10 };

    [Fact]
    public void Train_Regression_OnnxMatchesMlNetScores()
    {
        var (data, _) = TreeFixtureData.Load("diabetes");
        var model = GbdtTrainer.Train(data, TaskKind.Regression, 0, Spec, Seed, null, CancellationToken.None);

        var ml = new MLContext(GbdtTrainer.ContextSeed(Seed));
        var view = ml.Data.LoadFromEnumerable(GbdtTrainer.RegressionRows(GbdtTrainer.Rows(data), data.Targets), GbdtTrainer.Schema<RegressionRow>(data.Width));
        var expected = ml.Regression.Trainers.FastTree(GbdtTrainer.RegressionOptions(Spec, Seed)).Fit(view).Transform(view).GetColumn<float>("Score").ToArray();

        var onnx = TreeOnnx.Run(TreeOnnx.Export(model), data, out var shape);
        Assert.Equal([data.Rows, 1L], shape);
        Assert.Equal(expected, model.Predict(data));
        var worst = MaxRelativeError(expected, onnx);
        output.WriteLine($"regression: {model.TreeCount} trees, max |onnx − ml.net| / max(1, |ml.net|) = {worst:E2}");
        Assert.True(worst <= 1e-6, $"ONNX differs from ML.NET by {worst:E2} (relative).");
        Assert.True(model.TreeCount > 1);
    }

    [Fact]
    public void Train_Binary_OnnxMatchesMlNetProbabilitiesAndHeldOutAccuracyIsAtLeast95Percent()
    {
        var (all, _) = TreeFixtureData.Load("breast_cancer");
        var (train, test) = TreeFixtureData.Split(all, 0.2, seed: 7);
        var model = GbdtTrainer.Train(train, TaskKind.Binary, 2, Spec, Seed, null, CancellationToken.None);

        var ml = new MLContext(GbdtTrainer.ContextSeed(Seed));
        var schema = GbdtTrainer.Schema<BinaryRow>(train.Width);
        var trained = ml.BinaryClassification.Trainers.FastTree(GbdtTrainer.BinaryOptions(Spec, Seed))
            .Fit(ml.Data.LoadFromEnumerable(GbdtTrainer.BinaryRows(GbdtTrainer.Rows(train), train.Targets, 1), schema));
        var scored = trained.Transform(ml.Data.LoadFromEnumerable(GbdtTrainer.BinaryRows(GbdtTrainer.Rows(all), all.Targets, 1), schema));
        var expected = scored.GetColumn<float>("Probability").SelectMany(p => new[] { 1 - p, p }).ToArray();

        var onnx = TreeOnnx.Run(TreeOnnx.Export(model), all, out var shape);
        Assert.Equal([all.Rows, 2L], shape);
        Assert.Equal(expected, model.Predict(all));
        var worst = MaxAbsoluteError(expected, onnx);
        output.WriteLine($"binary: max |onnx − ml.net| probability = {worst:E2}");
        Assert.True(worst <= 1e-5, $"ONNX differs from ML.NET by {worst:E2}.");

        var heldOut = TreeOnnx.Run(TreeOnnx.Export(model), test, out _);
        var correct = Enumerable.Range(0, test.Rows).Count(i => (heldOut[(2 * i) + 1] >= 0.5f ? 1 : 0) == (int)test.Targets[i]);
        var accuracy = (double)correct / test.Rows;
        output.WriteLine($"binary: held-out accuracy {accuracy:F4} on {test.Rows} rows");
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy:F4}");
    }

    [Fact]
    public void Train_Multiclass_OnnxMatchesMlNetOneVersusAllProbabilities()
    {
        var (data, names) = TreeFixtureData.Load("iris");
        var spec = Spec with { Trees = 30, Leaves = 8, MinSamplesPerLeaf = 5 };
        var model = GbdtTrainer.Train(data, TaskKind.Multiclass, names.Count, spec, Seed, null, CancellationToken.None);

        // ML.NET's own multiclass trainer over FastTreeBinary; labels become keys in value order, so key k+1 = class k.
        var ml = new MLContext(GbdtTrainer.ContextSeed(Seed));
        var view = ml.Data.LoadFromEnumerable(GbdtTrainer.RegressionRows(GbdtTrainer.Rows(data), data.Targets), GbdtTrainer.Schema<RegressionRow>(data.Width));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(GbdtTrainer.BinaryOptions(spec, Seed))));
        var expected = pipeline.Fit(view).Transform(view).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();

        var onnx = TreeOnnx.Run(TreeOnnx.Export(model), data, out var shape);
        Assert.Equal([data.Rows, 3L], shape);
        var managedWorst = MaxAbsoluteError(expected, model.Predict(data));
        var worst = MaxAbsoluteError(expected, onnx);
        output.WriteLine($"multiclass: {model.TreeCount} trees, max |managed − ml.net| = {managedWorst:E2}, max |onnx − ml.net| = {worst:E2}");
        Assert.True(managedWorst <= 1e-6, $"managed prediction differs from ML.NET by {managedWorst:E2}.");
        Assert.True(worst <= 1e-5, $"ONNX differs from ML.NET by {worst:E2}.");
        for (var i = 0; i < data.Rows; i++)
        {
            Assert.Equal(1f, onnx[(3 * i)..((3 * i) + 3)].Sum(), 5);
        }

        var correct = Enumerable.Range(0, data.Rows).Count(i => ArgMax(onnx.AsSpan(3 * i, 3)) == (int)data.Targets[i]);
        Assert.True(correct >= 0.95 * data.Rows, $"training accuracy {correct}/{data.Rows}");
    }

    [Fact]
    public void Train_SameSeedTwice_IdenticalOnnxBytes()
    {
        var (data, names) = TreeFixtureData.Load("iris");
        var spec = Spec with { Trees = 20, Leaves = 6, MinSamplesPerLeaf = 3 };
        var first = TreeOnnx.Export(GbdtTrainer.Train(data, TaskKind.Multiclass, names.Count, spec, Seed, null, CancellationToken.None));
        var second = TreeOnnx.Export(GbdtTrainer.Train(data, TaskKind.Multiclass, names.Count, spec, Seed, null, CancellationToken.None));
        Assert.Equal(first, second);

        var (cancer, _) = TreeFixtureData.Load("breast_cancer");
        var a = TreeOnnx.Export(GbdtTrainer.Train(cancer, TaskKind.Binary, 2, Spec, Seed, null, CancellationToken.None));
        var b = TreeOnnx.Export(GbdtTrainer.Train(cancer, TaskKind.Binary, 2, Spec, Seed, null, CancellationToken.None));
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(TaskKind.Regression)]
    [InlineData(TaskKind.Multiclass)]
    public void Train_ReportsRoundsNonDecreasingEndingAtTrees(TaskKind task)
    {
        var (data, names) = TreeFixtureData.Load(task == TaskKind.Regression ? "diabetes" : "iris");
        var spec = Spec with { Trees = 12, Leaves = 4, MinSamplesPerLeaf = 5 };
        var reports = new List<int>();
        GbdtTrainer.Train(data, task, names.Count, spec, Seed, new SynchronousProgress(reports.Add), CancellationToken.None);

        output.WriteLine($"{task}: {string.Join(",", reports)}");
        Assert.Equal(spec.Trees, reports[^1]);
        Assert.True(reports.Count > 1, "progress is reported during training, not only at the end");
        Assert.Equal(reports.Order(), reports);
        Assert.All(reports, r => Assert.InRange(r, 1, spec.Trees));
    }

    [Fact]
    public void Train_CancelledBeforeStart_Throws()
    {
        var (data, _) = TreeFixtureData.Load("diabetes");
        Assert.ThrowsAny<OperationCanceledException>(() =>
            GbdtTrainer.Train(data, TaskKind.Regression, 0, Spec, Seed, null, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Train_CancelledDuringTraining_ThrowsBeforeFinishing()
    {
        var (data, _) = TreeFixtureData.Load("diabetes");
        using var cts = new CancellationTokenSource();
        var reports = new List<int>();
        var progress = new SynchronousProgress(r =>
        {
            reports.Add(r);
            if (r >= 3)
            {
                cts.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            GbdtTrainer.Train(data, TaskKind.Regression, 0, Spec with { Trees = 200 }, Seed, progress, cts.Token));
        Assert.DoesNotContain(200, reports);
    }

    [Fact]
    public void Train_NaNFeatures_OnnxFollowsMlNet()
    {
        var (data, _) = TreeFixtureData.Load("breast_cancer");
        var model = GbdtTrainer.Train(data, TaskKind.Binary, 2, Spec with { Trees = 30 }, Seed, null, CancellationToken.None);
        var features = (float[])data.Features.Clone();
        for (var i = 0; i < features.Length; i += 3)
        {
            features[i] = float.NaN;
        }

        var withMissing = data with { Features = features };
        var ml = new MLContext(GbdtTrainer.ContextSeed(Seed));
        var schema = GbdtTrainer.Schema<BinaryRow>(data.Width);
        var trained = ml.BinaryClassification.Trainers.FastTree(GbdtTrainer.BinaryOptions(Spec with { Trees = 30 }, Seed))
            .Fit(ml.Data.LoadFromEnumerable(GbdtTrainer.BinaryRows(GbdtTrainer.Rows(data), data.Targets, 1), schema));
        var expected = trained.Transform(ml.Data.LoadFromEnumerable(GbdtTrainer.BinaryRows(GbdtTrainer.Rows(withMissing), data.Targets, 1), schema))
            .GetColumn<float>("Probability").SelectMany(p => new[] { 1 - p, p }).ToArray();

        var onnx = TreeOnnx.Run(TreeOnnx.Export(model), withMissing, out _);
        Assert.True(MaxAbsoluteError(expected, onnx) <= 1e-5);
        Assert.NotEqual(model.Predict(data), model.Predict(withMissing));
    }

    [Fact]
    public void Train_ExportsOneTreeEnsembleRegressorWithLeqSplits()
    {
        var (data, _) = TreeFixtureData.Load("diabetes");
        var model = GbdtTrainer.Train(data, TaskKind.Regression, 0, Spec with { Trees = 5 }, Seed, null, CancellationToken.None);
        var proto = Maas.Onnx.Proto.ModelProto.Parser.ParseFrom(TreeOnnx.Export(model));
        var ensemble = Assert.Single(proto.Graph.Node, n => n.OpType == "TreeEnsembleRegressor");
        Assert.Equal("ai.onnx.ml", ensemble.Domain);
        var modes = ensemble.Attribute.Single(a => a.Name == "nodes_modes").Strings.Select(s => s.ToStringUtf8()).ToHashSet();
        Assert.Equal(["BRANCH_LEQ", "LEAF"], modes.Order());
        Assert.Contains(proto.OpsetImport, o => o.Domain == "ai.onnx.ml" && o.Version == 3);
        Assert.Equal(5, ensemble.Attribute.Single(a => a.Name == "nodes_treeids").Ints.Distinct().Count());
    }

    [Theory]
    [InlineData(TaskKind.Binary, 3)]
    [InlineData(TaskKind.Multiclass, 1)]
    public void Train_WrongClassCount_Throws(TaskKind task, int classes)
    {
        var (data, _) = TreeFixtureData.Load("iris");
        Assert.Throws<ArgumentOutOfRangeException>(() => GbdtTrainer.Train(data, task, classes, Spec, Seed, null, CancellationToken.None));
    }

    [Fact]
    public void Train_TargetOutsideClasses_Throws()
    {
        var (data, _) = TreeFixtureData.Load("iris");
        Assert.Throws<ArgumentException>(() => GbdtTrainer.Train(data, TaskKind.Binary, 2, Spec, Seed, null, CancellationToken.None));
    }

    [Fact]
    public void Train_TooFewRowsForLeafMinimum_ThrowsInvalidArgument()
    {
        var (data, _) = TreeFixtureData.Load("diabetes");
        var few = TreeFixtureData.Take(data, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        var error = Assert.Throws<MaasException>(() => GbdtTrainer.Train(few, TaskKind.Regression, 0, Spec, Seed, null, CancellationToken.None));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("minSamplesPerLeaf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ConstantFeatures_ThrowsInvalidArgument()
    {
        var (data, _) = TreeFixtureData.Load("breast_cancer");
        var constant = data with { Features = new float[data.Features.Length] };
        var error = Assert.Throws<MaasException>(() => GbdtTrainer.Train(constant, TaskKind.Binary, 2, Spec, Seed, null, CancellationToken.None));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static double MaxAbsoluteError(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => (double)Math.Abs(e - a)).Max();
    }

    private static double MaxRelativeError(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a) / Math.Max(1, Math.Abs((double)e))).Max();
    }

    /// <summary>Unlike <see cref="Progress{T}"/>, reports on the calling thread, at once.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
