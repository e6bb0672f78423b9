using System.Globalization;
using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Data;
using Maas.Training.Models;

namespace Maas.Training.Engine;

public sealed partial class TrainingRunner
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private async Task<TrainingOutcome> TrainNetworkAsync(
        PreparedData prepared,
        TrainingSpec spec,
        ITrainingObserver observer,
        ReadOnlyMemory<byte>? checkpoint,
        JobDeadline deadline,
        CancellationToken cancellationToken)
    {
        var task = prepared.Task;
        var classes = prepared.ClassNames?.Count ?? 0;
        var loss = spec.Loss ?? DefaultLoss(task);
        var outputs = task == TaskKind.Regression || loss == LossKind.BinaryCrossEntropy ? 1 : classes;
        var network = Network.Create(spec.Model, prepared.Plan.Width, outputs);
        if (network.ParameterCount > _limits.MaxParameters)
        {
            throw new MaasException(
                ErrorCode.InvalidArgument,
                $"The model has {network.ParameterCount:N0} parameters; the limit is {_limits.MaxParameters:N0}. Use smaller layers.");
        }

        var train = prepared.Train;
        if (train.Rows == 0)
        {
            throw new MaasException(ErrorCode.InvalidArgument, "The training split is empty: the dataset has too few rows (after dropping missing values) for the split fractions.");
        }

        var batch = Math.Min(spec.BatchSize, train.Rows);
        var plan = new EpochPlan(train.Rows, batch);
        var targetWidth = loss == LossKind.SoftmaxCrossEntropy ? classes : 1;
        using var session = new TrainingStepSession(network, loss, spec.Optimizer, targetWidth, batch, plan.Remainder, _limits.TrainingThreads);
        using var evaluation = new EvaluationSession(network, task, classes, _limits.TrainingThreads);
        var fingerprint = Fingerprint(network, spec, loss, session);
        var state = Restore(checkpoint, session, network, spec, fingerprint);
        observer.Log(string.Create(
            CultureInfo.InvariantCulture,
            $"{Lower(spec.Model.Kind)} network with {network.ParameterCount} parameters; {plan.Steps} steps of {batch} rows per epoch; {Lower(spec.Optimizer.Kind)} lr {spec.Optimizer.LearningRate}"));
        if (state.Header.Epoch > 0)
        {
            observer.Log($"resumed after epoch {state.Header.Epoch}");
        }

        var header = state.Header;
        var best = state.Best?.Select(t => t.AsFloats()).ToArray();
        var history = header.History.ToList();
        for (var epoch = header.Epoch; epoch < spec.Epochs && !header.Stopped; epoch++)
        {
            var started = _timeProvider.GetTimestamp();
            var trainLoss = RunEpoch(session, train, spec, plan, epoch, loss, observer, deadline, cancellationToken);
            var validationOutputs = evaluation.Evaluate(prepared.Validation, session.CurrentParameters);
            var validationLoss = SplitLoss(prepared.Validation, validationOutputs, task, classes);
            var validationMetrics = SplitMetrics(prepared.Validation, validationOutputs, task, classes);
            var seconds = _timeProvider.GetElapsedTime(started).TotalSeconds;
            var record = new EpochRecord(epoch + 1, trainLoss, NullIfNaN(validationLoss), prepared.Validation.Rows > 0 ? validationMetrics : null, seconds);
            history.Add(record);
            header = UpdateStopping(header, spec, record, session, ref best) with
            {
                Epoch = epoch + 1,
                Steps = header.Steps + plan.Steps,
                History = history,
            };
            observer.Progress(new TrainingProgress(
                epoch + 1,
                spec.Epochs,
                plan.Steps,
                plan.Steps,
                header.Stopped ? 100 : 100.0 * (epoch + 1) / spec.Epochs,
                trainLoss,
                record.ValidationLoss,
                record.Metrics,
                EpochCompleted: true));
            observer.Log(Describe(record, spec.Epochs));
            if (header.Stopped)
            {
                observer.Log(string.Create(CultureInfo.InvariantCulture, $"early stopping: no improvement for {header.EpochsWithoutImprovement} epochs; keeping epoch {header.BestEpoch}"));
            }

            var saved = new TrainingCheckpoint
            {
                Header = header,
                Tensors = session.ReadAll(),
                Best = best?.Select((b, i) => TensorState.FromFloats(b, network.Parameters[i].Shape)).ToArray(),
            };
            await observer.CheckpointAsync(saved.Serialize(), cancellationToken);
        }

        var final = spec.EarlyStopping is not null && best is not null ? best : session.ReadParameters();
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["train"] = SplitMetrics(prepared.Train, evaluation.Evaluate(prepared.Train, network, final), task, classes),
            ["validation"] = SplitMetrics(prepared.Validation, evaluation.Evaluate(prepared.Validation, network, final), task, classes),
            ["test"] = SplitMetrics(prepared.Test, evaluation.Evaluate(prepared.Test, network, final), task, classes),
        };
        var model = ModelExporter.ExportNetwork(prepared, network, final, spec);
        return new TrainingOutcome(model, task, prepared.ClassNames, metrics, header.Epoch);
    }

    /// <summary>One pass over the shuffled training rows; returns the mean training loss.</summary>
    private double RunEpoch(
        TrainingStepSession session,
        SplitData train,
        TrainingSpec spec,
        EpochPlan plan,
        int epoch,
        LossKind loss,
        ITrainingObserver observer,
        JobDeadline deadline,
        CancellationToken cancellationToken)
    {
        // Each epoch's shuffle and dropout masks come from a generator seeded by (seed, epoch), so a resumed run draws
        // exactly what the uninterrupted run drew.
        var random = new SeededRandom(spec.Seed, epoch + 1);
        var order = Enumerable.Range(0, train.Rows).ToArray();
        random.Shuffle(order);
        var width = train.Width;
        var keep = 1 - session.Network.DropoutRate;
        var scale = keep > 0 ? 1 / keep : 0;
        var lossSum = 0.0;
        var lastReport = _timeProvider.GetTimestamp();
        for (var step = 0; step < plan.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            deadline.Check();
            var start = step * plan.Batch;
            var rows = Math.Min(plan.Batch, train.Rows - start);
            var features = session.Features.AsSpan();
            var targets = session.Targets.AsSpan(0, rows * session.TargetWidth);
            if (loss == LossKind.SoftmaxCrossEntropy)
            {
                targets.Clear();
            }

            for (var i = 0; i < rows; i++)
            {
                var row = order[start + i];
                train.Features.AsSpan(row * width, width).CopyTo(features[(i * width)..]);
                if (loss == LossKind.SoftmaxCrossEntropy)
                {
                    targets[(i * session.TargetWidth) + (int)train.Targets[row]] = 1;
                }
                else
                {
                    targets[i] = train.Targets[row];
                }
            }

            for (var m = 0; m < session.Masks.Length; m++)
            {
                var mask = session.Masks[m].AsSpan(0, rows * session.Network.DropoutWidths[m]);
                for (var j = 0; j < mask.Length; j++)
                {
                    mask[j] = random.NextSingle() < session.Network.DropoutRate ? 0 : scale;
                }
            }

            lossSum += (double)session.Step(rows) * rows;
            if (_timeProvider.GetElapsedTime(lastReport) >= ProgressInterval && step + 1 < plan.Steps)
            {
                lastReport = _timeProvider.GetTimestamp();
                observer.Progress(new TrainingProgress(
                    epoch,
                    spec.Epochs,
                    step + 1,
                    plan.Steps,
                    100.0 * (epoch + ((step + 1.0) / plan.Steps)) / spec.Epochs,
                    null,
                    null,
                    null,
                    EpochCompleted: false));
            }
        }

        return lossSum / train.Rows;
    }

    /// <summary>Early stopping: track the best validation score and its weights; stop after <c>patience</c> epochs without improvement.</summary>
    private static CheckpointHeader UpdateStopping(CheckpointHeader header, TrainingSpec spec, EpochRecord record, TrainingStepSession session, ref float[][]? best)
    {
        if (spec.EarlyStopping is not { } stopping)
        {
            return header;
        }

        var score = stopping.Metric switch
        {
            StoppingMetric.Accuracy => record.Metrics?.GetValueOrDefault("accuracy"),
            StoppingMetric.R2 => record.Metrics?.GetValueOrDefault("r2"),
            _ => record.ValidationLoss,
        };
        if (score is not { } value || double.IsNaN(value))
        {
            return header;
        }

        var lowerIsBetter = stopping.Metric == StoppingMetric.Loss;
        var improved = header.BestScore is not { } previous || (lowerIsBetter ? value < previous : value > previous);
        if (improved)
        {
            best = session.ReadParameters();
            return header with { BestScore = value, BestEpoch = record.Epoch, EpochsWithoutImprovement = 0 };
        }

        var without = header.EpochsWithoutImprovement + 1;
        return header with { EpochsWithoutImprovement = without, Stopped = without >= stopping.Patience };
    }

    private static TrainingCheckpoint Restore(ReadOnlyMemory<byte>? checkpoint, TrainingStepSession session, Network network, TrainingSpec spec, string fingerprint)
    {
        if (checkpoint is not { } bytes)
        {
            session.Load(network.Initialize(spec.Seed));
            return new TrainingCheckpoint
            {
                Header = new CheckpointHeader { Epoch = 0, Steps = 0, Seed = spec.Seed, Fingerprint = fingerprint },
                Tensors = [],
            };
        }

        var restored = TrainingCheckpoint.Deserialize(bytes);
        if (restored.Header.Fingerprint != fingerprint || restored.Header.Seed != spec.Seed)
        {
            throw new MaasException(ErrorCode.InvalidArgument, "The training checkpoint was written for a different model, optimiser or seed and cannot resume this spec.");
        }

        var parameters = restored.Tensors.Take(session.ParameterCount).Select(t => t.AsFloats()).ToArray();
        session.Load(parameters, restored.Tensors.Skip(session.ParameterCount).ToArray());
        return restored;
    }

    private static string Fingerprint(Network network, TrainingSpec spec, LossKind loss, TrainingStepSession session) =>
        string.Join(
            ";",
            network.Parameters.Select(p => $"{p.Name}[{string.Join(",", p.Shape)}]")
                .Concat(session.StateShapes.Select(s => $"state[{string.Join(",", s)}]"))
                .Append(Lower(spec.Optimizer.Kind))
                .Append(Lower(loss))
                .Append(spec.BatchSize.ToString(CultureInfo.InvariantCulture)));

    private static string Describe(EpochRecord record, int epochs)
    {
        var metrics = record.Metrics is null
            ? string.Empty
            : string.Concat(record.Metrics.Where(m => m.Key is "accuracy" or "r2" or "f1").Select(m => string.Create(CultureInfo.InvariantCulture, $", {m.Key} {m.Value:F4}")));
        var validation = record.ValidationLoss is { } v ? string.Create(CultureInfo.InvariantCulture, $", validation loss {v:F4}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"epoch {record.Epoch}/{epochs}: train loss {record.TrainLoss:F4}{validation}{metrics} ({record.Seconds * 1000:F0} ms)");
    }

    private static double? NullIfNaN(double value) => double.IsNaN(value) ? null : value;

    /// <summary>How an epoch splits into mini-batches: full batches, then one smaller batch for the rest (no rows dropped).</summary>
    private readonly record struct EpochPlan(int Rows, int Batch)
    {
        public int Steps => (Rows + Batch - 1) / Batch;

        public int Remainder => Rows % Batch;
    }
}
