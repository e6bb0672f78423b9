using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Data;
using Maas.Training.Engine;
using Maas.Training.Spec;
using Microsoft.ML.OnnxRuntime;

namespace Maas.Training.Tests.Engine;

public sealed class TrainingRunnerTests
{
    private static readonly TrainingLimits Limits = new();

    private static TrainingSpec SyntheticSpec(int epochs = 4) => TrainingData.Spec(
        "label",
        new ModelSpec { Kind = ModelKind.Mlp, Hidden = [16], Dropout = 0.2 },
        epochs,
        batchSize: 16) with
    {
        EarlyStopping = new EarlyStoppingSpec { Metric = StoppingMetric.Loss, Patience = 3 },
    };

    [Fact]
    public async Task RunAsync_SameSeed_GivesIdenticalModelBytes()
    {
        var table = TrainingData.Synthetic();
        var first = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, SyntheticSpec(), new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None);
        var second = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, SyntheticSpec(), new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None);
        var other = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, SyntheticSpec() with { Seed = 43 }, new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(first.OnnxModel, second.OnnxModel);
        Assert.NotEqual(first.OnnxModel, other.OnnxModel);
    }

    [Fact]
    public async Task RunAsync_ResumedFromCheckpoint_EqualsUninterruptedRun()
    {
        var table = TrainingData.Synthetic();
        var spec = SyntheticSpec(epochs: 5);
        var whole = new RecordingObserver();
        var uninterrupted = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, spec, whole, null, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(5, whole.Checkpoints.Count);

        using var cancel = new CancellationTokenSource();
        var interrupted = new RecordingObserver(cancelAfterCheckpoints: 2, cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, spec, interrupted, null, DateTimeOffset.UtcNow, cancel.Token));
        Assert.Equal(2, interrupted.Checkpoints.Count);
        Assert.Equal(
            TrainingCheckpoint.Deserialize(whole.Checkpoints[1]).Tensors.Select(t => t.Data),
            TrainingCheckpoint.Deserialize(interrupted.Checkpoints[1]).Tensors.Select(t => t.Data));

        var rest = new RecordingObserver();
        var resumed = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, spec, rest, interrupted.Checkpoints[^1], DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(3, rest.Checkpoints.Count);
        Assert.Equal(uninterrupted.OnnxModel, resumed.OnnxModel);
        Assert.Equal(uninterrupted.EpochsRun, resumed.EpochsRun);
        Assert.Equal(uninterrupted.Metrics["test"]["accuracy"], resumed.Metrics["test"]["accuracy"]);
        Assert.Contains(rest.Lines, l => l.Contains("resumed after epoch 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CheckpointOfAnotherArchitecture_IsRefused()
    {
        var table = TrainingData.Synthetic();
        var observer = new RecordingObserver();
        await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, SyntheticSpec(epochs: 1), observer, null, DateTimeOffset.UtcNow, CancellationToken.None);
        var other = SyntheticSpec() with { Model = new ModelSpec { Kind = ModelKind.Mlp, Hidden = [8] } };

        var error = await Assert.ThrowsAsync<MaasException>(() => new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, other, new RecordingObserver(), observer.Checkpoints[0], DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        var garbage = await Assert.ThrowsAsync<MaasException>(() => new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, SyntheticSpec(), new RecordingObserver(), new byte[] { 1, 2, 3 }, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Contains("checkpoint", garbage.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var observer = new RecordingObserver(cancelAfterCheckpoints: 1, cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TrainingRunner(Limits, TimeProvider.System).RunAsync(TrainingData.Synthetic(), SyntheticSpec(epochs: 50), observer, null, DateTimeOffset.UtcNow, cancel.Token));
        Assert.Single(observer.Checkpoints);

        using var already = new CancellationTokenSource();
        await already.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TrainingRunner(Limits, TimeProvider.System).RunAsync(TrainingData.Synthetic(), SyntheticSpec(), new RecordingObserver(), null, DateTimeOffset.UtcNow, already.Token));
    }

    [Fact]
    public async Task RunAsync_ReportsEpochProgressAndLog()
    {
        var observer = new RecordingObserver();
        var outcome = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(TrainingData.Synthetic(), SyntheticSpec(epochs: 3) with { EarlyStopping = null }, observer, null, DateTimeOffset.UtcNow, CancellationToken.None);

        var epochs = observer.Reports.Where(r => r.EpochCompleted).ToArray();
        Assert.Equal([1, 2, 3], epochs.Select(r => r.Epoch));
        Assert.All(epochs, r => Assert.NotNull(r.TrainLoss));
        Assert.All(epochs, r => Assert.True(r.ValidationMetrics!.ContainsKey("accuracy")));
        Assert.Equal(100, epochs[^1].Percent, 6);
        Assert.Equal(3, outcome.EpochsRun);
        Assert.Equal(3, observer.Lines.Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)));
        Assert.Equal(["no", "yes"], outcome.ClassNames);
        Assert.Equal(TaskKind.Binary, outcome.Task);
    }

    [Fact]
    public async Task RunAsync_EarlyStopping_StopsAfterPatience()
    {
        // Validation accuracy on 60 rows plateaus within a few epochs at this rate; patience 2 then stops the run.
        var spec = SyntheticSpec(epochs: 60) with
        {
            Optimizer = new OptimizerSpec { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
            EarlyStopping = new EarlyStoppingSpec { Metric = StoppingMetric.Accuracy, Patience = 2 },
        };
        var observer = new RecordingObserver();
        var outcome = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(TrainingData.Synthetic(), spec, observer, null, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.True(outcome.EpochsRun < 60, $"ran {outcome.EpochsRun} epochs");
        Assert.Contains(observer.Lines, l => l.StartsWith("early stopping", StringComparison.Ordinal));
        var accuracies = observer.Reports.Where(r => r.EpochCompleted).Select(r => r.ValidationMetrics!["accuracy"]).ToArray();
        Assert.Equal(accuracies.Max(), outcome.Metrics["validation"]["accuracy"], 9);
    }

    [Fact]
    public async Task RunAsync_ExportedModelOnRawRows_ReproducesTestMetrics()
    {
        var table = TrainingData.Synthetic();
        var spec = SyntheticSpec(epochs: 8);
        var outcome = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, spec, new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None);
        var prepared = DataPreparation.Prepare(table, spec);

        var (floats, labels) = RawRows.Run(outcome.OnnxModel, table, prepared.Plan, prepared.TestRows);
        var probabilities = floats["probabilities"];
        var truth = prepared.Test.Targets.Select(t => (int)t).ToArray();
        var metrics = Maas.Training.Evaluation.Metrics.Classification(truth, probabilities, 2);

        Assert.Equal(outcome.Metrics["test"]["accuracy"], metrics["accuracy"], 9);
        Assert.Equal(outcome.Metrics["test"]["roc_auc"], metrics["roc_auc"], 5);
        Assert.True(outcome.Metrics["test"]["accuracy"] >= 0.85, $"accuracy {outcome.Metrics["test"]["accuracy"]}");
        for (var i = 0; i < labels!.Length; i++)
        {
            Assert.Equal(probabilities[(2 * i) + 1] > probabilities[2 * i] ? "yes" : "no", labels[i]);
        }

        using var session = new InferenceSession(outcome.OnnxModel);
        Assert.Equal("binary", session.ModelMetadata.CustomMetadataMap["maas.task"]);
        Assert.Equal("[\"no\",\"yes\"]", session.ModelMetadata.CustomMetadataMap["maas.class_labels"]);
    }

    [Fact]
    public async Task RunAsync_Regression_ExportsPredictionOutput()
    {
        var table = TrainingData.Synthetic();
        var spec = TrainingData.Spec("b", new ModelSpec { Kind = ModelKind.Linear }, epochs: 3) with { Features = ["a", "colour"] };
        var outcome = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, spec, new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None);
        var prepared = DataPreparation.Prepare(table, spec);

        var (floats, labels) = RawRows.Run(outcome.OnnxModel, table, prepared.Plan, prepared.TestRows);

        Assert.Null(labels);
        Assert.Equal(prepared.TestRows.Count, floats["prediction"].Length);
        var metrics = Maas.Training.Evaluation.Metrics.Regression(prepared.Test.Targets, floats["prediction"]);
        Assert.Equal(outcome.Metrics["test"]["mse"], metrics["mse"], 5);
        Assert.Null(outcome.ClassNames);
    }

    [Fact]
    public async Task RunAsync_SpecThatDoesNotFitTheData_IsInvalidArgument()
    {
        var table = TrainingData.Synthetic();
        var runner = new TrainingRunner(Limits, TimeProvider.System);
        async Task<string> Fails(TrainingSpec spec)
        {
            var error = await Assert.ThrowsAsync<MaasException>(() => runner.RunAsync(table, spec, new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None));
            Assert.Equal(ErrorCode.InvalidArgument, error.Code);
            return error.Message;
        }

        Assert.Contains("nope", await Fails(SyntheticSpec() with { Target = "nope" }), StringComparison.Ordinal);
        var cnn = new ModelSpec { Kind = ModelKind.Cnn, Cnn = new CnnSpec { InputShape = [1, 2, 3], Conv = [new ConvLayerSpec { Filters = 2, Kernel = 1 }] } };
        Assert.Contains("C·H·W", await Fails(SyntheticSpec() with { Model = cnn }), StringComparison.Ordinal);
        Assert.Contains("parameters", await Fails(SyntheticSpec() with { Model = new ModelSpec { Kind = ModelKind.Mlp, Hidden = [4096, 4096] } }), StringComparison.Ordinal);
        Assert.Contains("linear", await Fails(SyntheticSpec() with { Model = new ModelSpec { Kind = ModelKind.Linear }, EarlyStopping = null }), StringComparison.Ordinal);
        var small = new TrainingRunner(new TrainingLimits { MaxDatasetRows = 10 }, TimeProvider.System);
        var rows = await Assert.ThrowsAsync<MaasException>(() => small.RunAsync(table, SyntheticSpec(), new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Contains("400 rows; the limit is 10", rows.Message, StringComparison.Ordinal);
        var narrow = new TrainingRunner(new TrainingLimits { MaxDatasetColumns = 3 }, TimeProvider.System);
        var columns = await Assert.ThrowsAsync<MaasException>(() => narrow.RunAsync(table, SyntheticSpec(), new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Contains("4 columns; the limit is 3", columns.Message, StringComparison.Ordinal);
        var fewEpochs = new TrainingRunner(new TrainingLimits { MaxEpochs = 2 }, TimeProvider.System);
        var epochs = await Assert.ThrowsAsync<MaasException>(() => fewEpochs.RunAsync(table, SyntheticSpec(), new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Contains("'epochs'", epochs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PastTheWallClockLimit_IsInvalidArgumentNamingTheLimit()
    {
        var runner = new TrainingRunner(new TrainingLimits { MaxJobDuration = TimeSpan.FromMilliseconds(1) }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<MaasException>(() => runner.RunAsync(TrainingData.Synthetic(), SyntheticSpec(epochs: 1000) with { EarlyStopping = null }, new RecordingObserver(), null, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("The job exceeded the maximum job duration (0.001 s).", error.Message);
    }

    [Fact]
    public async Task RunAsync_ResumedAfterTheJobsDeadline_FailsAtOnceWithTheDeadlineSentence()
    {
        // The job first started, checkpointed twice and was stopped; the server came back 2.5 h after that first start.
        var clock = new ManualTimeProvider();
        var limits = Limits with { MaxJobDuration = TimeSpan.FromHours(2) };
        var table = TrainingData.Synthetic();
        var spec = SyntheticSpec(epochs: 5) with { EarlyStopping = null };
        var firstStart = clock.GetUtcNow();
        var checkpoint = await InterruptAfterTwoEpochsAsync(new TrainingRunner(limits, clock), table, spec, firstStart);
        clock.Advance(TimeSpan.FromHours(2.5));

        var resumed = new RecordingObserver();
        var error = await Assert.ThrowsAsync<MaasException>(() => new TrainingRunner(limits, clock).RunAsync(table, spec, resumed, checkpoint, firstStart, CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("The job exceeded the maximum job duration (2 h).", error.Message);
        Assert.Empty(resumed.Checkpoints);

        // The same resume of a job that first started just now trains to the end: the first start decides, not the restart.
        var fresh = await new TrainingRunner(limits, clock).RunAsync(table, spec, new RecordingObserver(), checkpoint, clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(5, fresh.EpochsRun);
    }

    [Fact]
    public async Task RunAsync_ResumedCloseToTheJobsDeadline_StopsWhenTheFirstStartsDeadlinePasses()
    {
        // The server was down for 110 of the job's 120 minutes; each resumed epoch then takes 6 minutes on the fake clock.
        var clock = new ManualTimeProvider();
        var limits = Limits with { MaxJobDuration = TimeSpan.FromHours(2) };
        var table = TrainingData.Synthetic();
        var spec = SyntheticSpec(epochs: 5) with { EarlyStopping = null };
        var firstStart = clock.GetUtcNow();
        var checkpoint = await InterruptAfterTwoEpochsAsync(new TrainingRunner(limits, clock), table, spec, firstStart);
        clock.Advance(TimeSpan.FromMinutes(110));

        var resumed = new RecordingObserver { OnCheckpoint = () => clock.Advance(TimeSpan.FromMinutes(6)) };
        var error = await Assert.ThrowsAsync<MaasException>(() => new TrainingRunner(limits, clock).RunAsync(table, spec, resumed, checkpoint, firstStart, CancellationToken.None));

        // Epochs 3 (to minute 116) and 4 (to minute 122) ran; epoch 5 stopped at its first step.
        Assert.Equal("The job exceeded the maximum job duration (2 h).", error.Message);
        Assert.Equal(2, resumed.Checkpoints.Count);
        Assert.Equal(4, resumed.Reports.Last(r => r.EpochCompleted).Epoch);
    }

    [Fact]
    public async Task RunAsync_GbdtPastTheDeadline_IsStoppedByTheTimerWithTheDeadlineSentence()
    {
        // Tree training only watches a token: the deadline's timer, on the runner's clock, is what stops it.
        var clock = new ManualTimeProvider();
        var limits = Limits with { MaxJobDuration = TimeSpan.FromHours(2) };
        var spec = TrainingData.Spec("label", new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Trees = 200, Leaves = 8, MinSamplesPerLeaf = 5 } });
        var observer = new RecordingObserver { OnProgress = _ => clock.Advance(TimeSpan.FromHours(3)) };

        var error = await Assert.ThrowsAsync<MaasException>(() => new TrainingRunner(limits, clock).RunAsync(TrainingData.Synthetic(), spec, observer, null, clock.GetUtcNow(), CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("The job exceeded the maximum job duration (2 h).", error.Message);
    }

    /// <summary>Runs <paramref name="spec"/> until its second checkpoint, as a server stopping mid-job would, and returns that checkpoint.</summary>
    private static async Task<byte[]> InterruptAfterTwoEpochsAsync(TrainingRunner runner, DataTable table, TrainingSpec spec, DateTimeOffset jobStarted)
    {
        using var stopping = new CancellationTokenSource();
        var observer = new RecordingObserver(cancelAfterCheckpoints: 2, stopping);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(table, spec, observer, null, jobStarted, stopping.Token));
        return observer.Checkpoints[^1];
    }

    [Fact]
    public async Task RunAsync_Gbdt_ReportsTreesAndExportsLabels()
    {
        var table = TrainingData.Synthetic();
        var spec = TrainingData.Spec("label", new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Trees = 20, Leaves = 8, MinSamplesPerLeaf = 5 } });
        var observer = new RecordingObserver();
        var outcome = await new TrainingRunner(Limits, TimeProvider.System).RunAsync(table, spec, observer, null, DateTimeOffset.UtcNow, CancellationToken.None);
        var prepared = DataPreparation.Prepare(table, spec);

        var (floats, labels) = RawRows.Run(outcome.OnnxModel, table, prepared.Plan, prepared.TestRows);
        var truth = prepared.Test.Targets.Select(t => (int)t).ToArray();
        Assert.Equal(outcome.Metrics["test"]["accuracy"], Maas.Training.Evaluation.Metrics.Classification(truth, floats["probabilities"], 2)["accuracy"], 9);
        Assert.True(outcome.Metrics["test"]["accuracy"] >= 0.8, $"accuracy {outcome.Metrics["test"]["accuracy"]}");
        Assert.Equal(20, outcome.EpochsRun);
        Assert.Equal(100, observer.Reports[^1].Percent, 6);
        Assert.True(observer.Reports[^1].EpochCompleted);
        Assert.All(labels!, l => Assert.Contains(l, (string[])["no", "yes"]));
    }
}
