using System.Globalization;
using Google.Protobuf;
using Maas.Core.Training;
using Maas.Onnx.Graphs;
using Maas.Training.Data;
using Maas.Training.Models;
using Maas.Training.Trees;
using Microsoft.ML.OnnxRuntime;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Training.Engine;

public sealed partial class TrainingRunner
{
    private TrainingOutcome TrainTrees(PreparedData prepared, TrainingSpec spec, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var threads = _limits.TrainingThreads;
        var task = prepared.Task;
        var classes = prepared.ClassNames?.Count ?? 0;
        var gbdt = spec.Model.Gbdt ?? new GbdtSpec();
        var started = _timeProvider.GetTimestamp();
        var progress = new TreeProgress(observer, gbdt.Trees);
        var trees = GbdtTrainer.Train(prepared.Train, task, classes, gbdt, spec.Seed, progress, cancellationToken);
        observer.Log(string.Create(CultureInfo.InvariantCulture, $"trained {gbdt.Trees} boosting rounds in {_timeProvider.GetElapsedTime(started).TotalSeconds:F1} s"));

        // Evaluate through the same ONNX tree ensemble that is served.
        var g = new GraphBuilder("maas_eval");
        var x = g.Input("x", DataType.Float, [null, prepared.Plan.Width]);
        var output = trees.AppendTo(g, x);
        var named = g.Output(task == TaskKind.Regression ? OutputHead.Predictions(g, output) : output, "result");
        using var session = OrtSessions.Create(g.ToModel("maas-trainer").ToByteArray(), threads);
        float[] Evaluate(SplitData split)
        {
            if (split.Rows == 0)
            {
                return [];
            }

            using var input = OrtValue.CreateTensorValueFromMemory(split.Features, [split.Rows, split.Width]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, [x.Name], [input], [named.Name]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }

        var validation = Evaluate(prepared.Validation);
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["train"] = SplitMetrics(prepared.Train, Evaluate(prepared.Train), task, classes),
            ["validation"] = SplitMetrics(prepared.Validation, validation, task, classes),
            ["test"] = SplitMetrics(prepared.Test, Evaluate(prepared.Test), task, classes),
        };
        observer.Progress(new TrainingProgress(
            gbdt.Trees,
            gbdt.Trees,
            gbdt.Trees,
            gbdt.Trees,
            100,
            null,
            prepared.Validation.Rows > 0 ? SplitLoss(prepared.Validation, validation, task, classes) : null,
            metrics["validation"],
            EpochCompleted: true));
        return new TrainingOutcome(ModelExporter.ExportTrees(prepared, trees, spec), task, prepared.ClassNames, metrics, gbdt.Trees);
    }

    /// <summary>Reports each boosting round as a step of a single epoch.</summary>
    private sealed class TreeProgress(ITrainingObserver observer, int trees) : IProgress<int>
    {
        public void Report(int value) =>
            observer.Progress(new TrainingProgress(value, trees, value, trees, 100.0 * value / trees, null, null, null, EpochCompleted: false));
    }
}
