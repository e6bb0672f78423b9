using Maas.Core.Training;
using Maas.Training.Data;
using Maas.Training.Engine;
using Maas.Training.Evaluation;
using Maas.Training.Spec;
using Maas.Training.Tests.Engine;

namespace Maas.Training.Tests.Quality;

/// <summary>The issue's quality bars on the held-out test split of each fixture (seed fixed).</summary>
public sealed class QualityTests
{
    /// <summary>Trains, then checks that the exported model on the test split's raw rows reproduces the reported metric.</summary>
    private static async Task<TrainingOutcome> TrainAsync(string dataset, TrainingSpec spec)
    {
        var table = await TrainingData.FixtureAsync(dataset);
        var outcome = await new TrainingRunner(new TrainingLimits(), TimeProvider.System).RunAsync(table, spec, new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None);

        var prepared = DataPreparation.Prepare(table, spec);
        var (floats, labels) = RawRows.Run(outcome.OnnxModel, table, prepared.Plan, prepared.TestRows);
        if (outcome.Task == TaskKind.Regression)
        {
            Assert.Equal(outcome.Metrics["test"]["r2"], Metrics.Regression(prepared.Test.Targets, floats["prediction"])["r2"], 4);
        }
        else
        {
            var truth = prepared.Test.Targets.Select(t => (int)t).ToArray();
            Assert.Equal(outcome.Metrics["test"]["accuracy"], Metrics.Classification(truth, floats["probabilities"], outcome.ClassNames!.Count)["accuracy"], 9);
            Assert.Equal(outcome.Metrics["test"]["accuracy"], truth.Select((t, i) => outcome.ClassNames[t] == labels![i] ? 1.0 : 0.0).Average(), 9);
        }

        return outcome;
    }

    [Fact]
    public async Task IrisLogistic_ReachesAccuracy093()
    {
        var outcome = await TrainAsync("iris", QualityCases.IrisLogistic());

        Assert.Equal(TaskKind.Multiclass, outcome.Task);
        Assert.True(outcome.Metrics["test"]["accuracy"] >= 0.93, $"test accuracy {outcome.Metrics["test"]["accuracy"]}");
    }

    [Fact]
    public async Task BreastCancerMlp_ReachesAccuracy095()
    {
        var outcome = await TrainAsync("breast_cancer", QualityCases.BreastCancerMlp(epochs: 30));

        Assert.Equal(TaskKind.Binary, outcome.Task);
        Assert.True(outcome.Metrics["test"]["accuracy"] >= 0.95, $"test accuracy {outcome.Metrics["test"]["accuracy"]}");
    }

    [Fact]
    public async Task DigitsCnn_ReachesAccuracy097()
    {
        var outcome = await TrainAsync("digits", QualityCases.DigitsCnn(epochs: 10));

        Assert.Equal(10, outcome.ClassNames!.Count);
        Assert.True(outcome.Metrics["test"]["accuracy"] >= 0.97, $"test accuracy {outcome.Metrics["test"]["accuracy"]}");
    }

    [Fact]
    public async Task DiabetesLinear_ReachesR2040()
    {
        var outcome = await TrainAsync("diabetes", QualityCases.DiabetesLinear());

        Assert.True(outcome.Metrics["test"]["r2"] >= 0.40, $"test R² {outcome.Metrics["test"]["r2"]}");
    }

    [Fact]
    public async Task BreastCancerGbdt_ReachesAccuracy095()
    {
        var outcome = await TrainAsync("breast_cancer", QualityCases.BreastCancerGbdt());

        Assert.Equal(TaskKind.Binary, outcome.Task);
        Assert.True(outcome.Metrics["test"]["accuracy"] >= 0.95, $"test accuracy {outcome.Metrics["test"]["accuracy"]}");
    }
}
