using System.Globalization;
using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Data;
using Maas.Training.Evaluation;
using Maas.Training.Spec;

namespace Maas.Training.Engine;

/// <summary>
/// Runs one training job: prepares the data, trains the spec's model (neural networks as ONNX training graphs on
/// ONNX Runtime, gradient-boosted trees with FastTree), and returns the inference model with the preprocessing baked
/// in plus the metrics on each split. See docs/training.md for the engine.
/// </summary>
/// <param name="limits">The server's limits on rows, columns, parameters, epochs and wall-clock time.</param>
/// <param name="timeProvider">The clock the job's deadline is measured on.</param>
public sealed partial class TrainingRunner(TrainingLimits limits, TimeProvider timeProvider)
{
    private readonly TrainingLimits _limits = limits ?? throw new ArgumentNullException(nameof(limits));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>
    /// Trains <paramref name="spec"/> on <paramref name="data"/>. With <paramref name="checkpoint"/> (a state that
    /// <see cref="ITrainingObserver.CheckpointAsync"/> received from an earlier run of the same spec and data) it continues
    /// after the checkpoint's epoch and ends with the same model an uninterrupted run would produce.
    /// </summary>
    /// <remarks>
    /// The work is CPU-bound and runs on the calling thread up to the first awaited checkpoint (then on whichever thread
    /// completes it): start it on a dedicated thread (<see cref="TaskCreationOptions.LongRunning"/>). Progress, log
    /// lines and checkpoints go to <paramref name="observer"/> synchronously from that thread.
    /// </remarks>
    /// <param name="data">The dataset version the job trains on.</param>
    /// <param name="spec">What to train.</param>
    /// <param name="observer">Receives progress, log lines and checkpoints.</param>
    /// <param name="checkpoint">The last checkpoint of an earlier run of this job, or <c>null</c> to start afresh.</param>
    /// <param name="jobStarted">
    /// When the job first started; for a job that starts now, now. The job must end by this time plus
    /// <see cref="TrainingLimits.MaxJobDuration"/> on the runner's clock, so time a resumed job spent stopped counts.
    /// </param>
    /// <param name="cancellationToken">Stops the run (it throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    /// <exception cref="MaasException">
    /// <see cref="ErrorCode.InvalidArgument"/> when the spec does not fit the data or the limits (an unknown column, a
    /// C·H·W that differs from the feature count, too many parameters, a bad checkpoint) or the job ran past its
    /// deadline (<c>The job exceeded the maximum job duration (2 h).</c>).
    /// </exception>
    public async Task<TrainingOutcome> RunAsync(
        DataTable data,
        TrainingSpec spec,
        ITrainingObserver observer,
        ReadOnlyMemory<byte>? checkpoint,
        DateTimeOffset jobStarted,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(observer);
        TrainingSpecValidator.Validate(spec, _limits);
        CheckDataLimits(data);
        cancellationToken.ThrowIfCancellationRequested();
        var deadline = new JobDeadline(jobStarted, _limits.MaxJobDuration, _timeProvider);
        deadline.Check();

        // The timer covers work that only watches a token (tree training); the training loop also checks the clock
        // itself at every step, since a busy thread pool can run the timer late.
        using var timer = deadline.StartTimer();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            var prepared = DataPreparation.Prepare(data, spec);
            CheckTaskCompatibility(spec, prepared.Task);
            observer.Log(string.Create(
                CultureInfo.InvariantCulture,
                $"{Lower(prepared.Task)} task; {prepared.Plan.Width} input values per row; rows: {prepared.Train.Rows} train, {prepared.Validation.Rows} validation, {prepared.Test.Rows} test"));
            observer.Log($"memory estimate: {JobMemoryEstimate.For(spec, data, prepared).Describe()} (limit {JobMemoryEstimate.Mib(_limits.MaxJobMemoryBytes)})");
            return spec.Model.Kind == ModelKind.Gbdt
                ? TrainTrees(prepared, spec, observer, linked.Token)
                : await TrainNetworkAsync(prepared, spec, observer, checkpoint, deadline, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timer.IsCancellationRequested)
        {
            throw deadline.Exceeded();
        }
    }

    private void CheckDataLimits(DataTable data)
    {
        if (data.RowCount > _limits.MaxDatasetRows)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"The dataset has {data.RowCount} rows; the limit is {_limits.MaxDatasetRows}.");
        }

        if (data.Columns.Count > _limits.MaxDatasetColumns)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"The dataset has {data.Columns.Count} columns; the limit is {_limits.MaxDatasetColumns}.");
        }
    }

    /// <summary>Spec rules that need the task, which may have been inferred from the data.</summary>
    private static void CheckTaskCompatibility(TrainingSpec spec, TaskKind task)
    {
        var field = spec.Task is null ? $"the inferred task '{Lower(task)}'" : $"task '{Lower(task)}'";
        if (spec.Model.Kind == ModelKind.Linear && task != TaskKind.Regression)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Training spec field 'model.kind' linear is for regression, not {field}; use logistic for classification.");
        }

        if (spec.Model.Kind == ModelKind.Logistic && task == TaskKind.Regression)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Training spec field 'model.kind' logistic is for classification, not {field}; use linear for regression.");
        }

        if (spec.Loss is { } loss && !TrainingSpecValidator.LossFits(loss, task))
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Training spec field 'loss' {Lower(loss)} does not fit {field}.");
        }

        if (spec.EarlyStopping is { } stopping && !TrainingSpecValidator.MetricFits(stopping.Metric, task))
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Training spec field 'earlyStopping.metric' {Lower(stopping.Metric)} does not fit {field}.");
        }
    }

    private static LossKind DefaultLoss(TaskKind task) => task switch
    {
        TaskKind.Regression => LossKind.Mse,
        TaskKind.Binary => LossKind.BinaryCrossEntropy,
        _ => LossKind.SoftmaxCrossEntropy,
    };

    internal static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Metrics of one split from its targets and the model's outputs (empty for an empty split).</summary>
    private static IReadOnlyDictionary<string, double> SplitMetrics(SplitData split, float[] outputs, TaskKind task, int classes)
    {
        if (split.Rows == 0)
        {
            return new Dictionary<string, double>();
        }

        return task == TaskKind.Regression
            ? Metrics.Regression(split.Targets, outputs)
            : Metrics.Classification(split.Targets.Select(t => (int)t).ToArray(), outputs, classes);
    }

    /// <summary>Mean loss on a split from the model's outputs: MSE, or the cross-entropy of the true class.</summary>
    private static double SplitLoss(SplitData split, float[] outputs, TaskKind task, int classes)
    {
        if (split.Rows == 0)
        {
            return double.NaN;
        }

        var sum = 0.0;
        for (var i = 0; i < split.Rows; i++)
        {
            if (task == TaskKind.Regression)
            {
                var d = (double)outputs[i] - split.Targets[i];
                sum += d * d;
            }
            else
            {
                var p = outputs[(i * classes) + (int)split.Targets[i]];
                sum -= Math.Log(Math.Max(p, 1e-12));
            }
        }

        return sum / split.Rows;
    }
}
