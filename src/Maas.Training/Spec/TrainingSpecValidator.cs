using System.Globalization;
using Maas.Core;
using Maas.Core.Training;

namespace Maas.Training.Spec;

/// <summary>
/// Checks a spec's ranges before a job is queued, so a bad spec is a 400 naming the field rather than a failed job.
/// Checks that need the data (columns exist, C·H·W matches the features, the inferred task fits the model and loss)
/// run when the job starts.
/// </summary>
public static class TrainingSpecValidator
{
    /// <summary>The largest hidden, dense or input dimension accepted.</summary>
    public const int MaxLayerSize = 4096;

    /// <summary>The most hidden, dense or convolution layers accepted.</summary>
    public const int MaxLayers = 32;

    /// <summary>The largest mini-batch accepted.</summary>
    public const int MaxBatchSize = 65_536;

    /// <summary>Throws <see cref="ErrorCode.InvalidArgument"/> naming the first bad field.</summary>
    public static void Validate(TrainingSpec spec, TrainingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(limits);
        Require(!string.IsNullOrWhiteSpace(spec.Dataset), "dataset", "must name a dataset");
        Require(spec.DatasetVersion is null or >= 1, "datasetVersion", "must be 1 or more when given");
        Require(!string.IsNullOrWhiteSpace(spec.Target), "target", "must name the column to predict");
        Require(!string.IsNullOrWhiteSpace(spec.Register), "register", "must name the model to register the result as");
        Require(ResourceName.IsValid(spec.Register), "register", $"must be a valid model name ({ResourceName.Pattern})");
        ValidateFeatures(spec);
        Require(Enum.IsDefined(spec.Missing), "missing", "must be drop, mean, median or mostfrequent");
        ValidateSplit(spec.Split);
        ValidateModel(spec.Model, limits);
        if (spec.Model.Kind != ModelKind.Gbdt)
        {
            ValidateOptimizer(spec.Optimizer);
        }

        Require(spec.Epochs >= 1 && spec.Epochs <= limits.MaxEpochs, "epochs", $"must be between 1 and {limits.MaxEpochs}");
        Require(spec.BatchSize is >= 1 and <= MaxBatchSize, "batchSize", $"must be between 1 and {MaxBatchSize}");
        ValidateTask(spec);
        if (spec.EarlyStopping is { } stopping)
        {
            Require(spec.Model.Kind != ModelKind.Gbdt, "earlyStopping", "applies to neural networks only (gbdt trains a fixed number of trees)");
            Require(Enum.IsDefined(stopping.Metric), "earlyStopping.metric", "must be loss, accuracy or r2");
            Require(stopping.Patience is >= 1 and <= 1000, "earlyStopping.patience", "must be between 1 and 1000");
            Require(spec.Split.Validation > 0, "earlyStopping", "needs a validation split (split.validation > 0)");
        }
    }

    /// <summary>Whether <paramref name="loss"/> can train a model for <paramref name="task"/>.</summary>
    internal static bool LossFits(LossKind loss, TaskKind task) => (loss, task) switch
    {
        (LossKind.Mse, TaskKind.Regression) => true,
        (LossKind.BinaryCrossEntropy, TaskKind.Binary) => true,
        (LossKind.SoftmaxCrossEntropy, TaskKind.Binary or TaskKind.Multiclass) => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="metric"/> is measured for <paramref name="task"/>.</summary>
    internal static bool MetricFits(StoppingMetric metric, TaskKind task) => metric switch
    {
        StoppingMetric.Loss => true,
        StoppingMetric.Accuracy => task != TaskKind.Regression,
        StoppingMetric.R2 => task == TaskKind.Regression,
        _ => false,
    };

    internal static void Require(bool condition, string field, string rule)
    {
        if (!condition)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Training spec field '{field}' {rule}.");
        }
    }

    private static void ValidateFeatures(TrainingSpec spec)
    {
        if (spec.Features is not { } features)
        {
            return;
        }

        Require(features.Count >= 1, "features", "must list at least one column when given (omit it to use every other column)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            Require(!string.IsNullOrWhiteSpace(features[i]), $"features[{i}]", "must name a column");
            Require(seen.Add(features[i]), $"features[{i}]", $"repeats the column '{features[i]}'");
            Require(features[i] != spec.Target, $"features[{i}]", $"is the target column '{spec.Target}'");
        }
    }

    private static void ValidateSplit(SplitSpec split)
    {
        Require(split is not null, "split", "must be an object");
        Require(split!.Train is > 0 and <= 1, "split.train", "must be a fraction in (0, 1]");
        Require(split.Validation is >= 0 and < 1, "split.validation", "must be a fraction in [0, 1)");
        Require(split.Test is >= 0 and < 1, "split.test", "must be a fraction in [0, 1)");
        var sum = split.Train + split.Validation + split.Test;
        Require(Math.Abs(sum - 1) <= 1e-6, "split", string.Create(CultureInfo.InvariantCulture, $"fractions must sum to 1 (train + validation + test = {sum:G6})"));
    }

    private static void ValidateModel(ModelSpec model, TrainingLimits limits)
    {
        Require(model is not null, "model", "is required");
        Require(Enum.IsDefined(model!.Kind), "model.kind", "must be linear, logistic, mlp, cnn or gbdt");
        Require(Enum.IsDefined(model.Activation), "model.activation", "must be relu, tanh or sigmoid");
        Require(model.Dropout is >= 0 and < 1, "model.dropout", "must be in [0, 1)");
        Require(model.Hidden is null || model.Kind == ModelKind.Mlp, "model.hidden", "applies to mlp models only (cnn: model.cnn.dense)");
        Require(model.Cnn is null || model.Kind == ModelKind.Cnn, "model.cnn", "applies to cnn models only");
        Require(model.Gbdt is null || model.Kind == ModelKind.Gbdt, "model.gbdt", "applies to gbdt models only");
        Require(model.Dropout == 0 || model.Kind is ModelKind.Mlp or ModelKind.Cnn, "model.dropout", "applies to mlp and cnn models only");
        if (model.Hidden is { } hidden)
        {
            ValidateSizes(hidden, "model.hidden");
        }

        if (model.Kind == ModelKind.Cnn)
        {
            Require(model.Cnn is not null, "model.cnn", "is required for a cnn model (inputShape and conv layers)");
            ValidateCnn(model.Cnn!);
        }

        if (model.Gbdt is { } gbdt)
        {
            var maxTrees = Math.Min(10_000, limits.MaxEpochs);
            Require(gbdt.Trees >= 1 && gbdt.Trees <= maxTrees, "model.gbdt.trees", $"must be between 1 and {maxTrees} (boosting rounds count against the epoch limit)");
            Require(gbdt.Leaves is >= 2 and <= 1024, "model.gbdt.leaves", "must be between 2 and 1024");
            Require(gbdt.LearningRate is > 0 and <= 1, "model.gbdt.learningRate", "must be in (0, 1]");
            Require(gbdt.MinSamplesPerLeaf is >= 1 and <= 100_000, "model.gbdt.minSamplesPerLeaf", "must be between 1 and 100000");
        }
    }

    private static void ValidateCnn(CnnSpec cnn)
    {
        Require(cnn.InputShape is { Count: 3 }, "model.cnn.inputShape", "must be [C, H, W]");
        for (var i = 0; i < 3; i++)
        {
            Require(cnn.InputShape[i] is >= 1 and <= MaxLayerSize, $"model.cnn.inputShape[{i}]", $"must be between 1 and {MaxLayerSize}");
        }

        Require(cnn.Conv is { Count: >= 1 and <= MaxLayers }, "model.cnn.conv", $"must list 1 to {MaxLayers} convolution layers");
        for (var i = 0; i < cnn.Conv.Count; i++)
        {
            var layer = cnn.Conv[i];
            var field = $"model.cnn.conv[{i}]";
            Require(layer is not null, field, "must be an object");
            Require(layer!.Filters is >= 1 and <= 1024, field + ".filters", "must be between 1 and 1024");
            Require(layer.Kernel is >= 1 and <= 15, field + ".kernel", "must be between 1 and 15");
            Require(layer.Stride is >= 1 and <= 8, field + ".stride", "must be between 1 and 8");
            Require(layer.Padding >= 0 && layer.Padding < layer.Kernel, field + ".padding", "must be between 0 and kernel − 1");
        }

        Require(cnn.Dense is not null, "model.cnn.dense", "must be a list (possibly empty)");
        ValidateSizes(cnn.Dense!, "model.cnn.dense");
    }

    private static void ValidateSizes(IReadOnlyList<int> sizes, string field)
    {
        Require(sizes.Count <= MaxLayers, field, $"must list at most {MaxLayers} layers");
        for (var i = 0; i < sizes.Count; i++)
        {
            Require(sizes[i] is >= 1 and <= MaxLayerSize, $"{field}[{i}]", $"must be between 1 and {MaxLayerSize}");
        }
    }

    private static void ValidateOptimizer(OptimizerSpec optimizer)
    {
        Require(optimizer is not null, "optimizer", "must be an object");
        Require(Enum.IsDefined(optimizer!.Kind), "optimizer.kind", "must be sgd, momentum, adam or adamw");
        Require(double.IsFinite(optimizer.LearningRate) && optimizer.LearningRate is > 0 and <= 10, "optimizer.learningRate", "must be greater than 0 and at most 10");
        Require(optimizer.Momentum is >= 0 and < 1, "optimizer.momentum", "must be in [0, 1)");
        Require(optimizer.Beta1 is >= 0 and < 1, "optimizer.beta1", "must be in [0, 1)");
        Require(optimizer.Beta2 is >= 0 and < 1, "optimizer.beta2", "must be in [0, 1)");
        Require(optimizer.Epsilon is > 0 and <= 1, "optimizer.epsilon", "must be greater than 0 and at most 1");
        Require(optimizer.WeightDecay is >= 0 and <= 1, "optimizer.weightDecay", "must be in [0, 1]");
    }

    private static void ValidateTask(TrainingSpec spec)
    {
        if (spec.Task is { } task)
        {
            Require(Enum.IsDefined(task), "task", "must be regression, binary or multiclass");
            Require(spec.Model.Kind != ModelKind.Linear || task == TaskKind.Regression, "model.kind", "linear is for regression; use logistic for classification");
            Require(spec.Model.Kind != ModelKind.Logistic || task != TaskKind.Regression, "model.kind", "logistic is for classification; use linear for regression");
            Require(spec.Loss is null || LossFits(spec.Loss.Value, task), "loss", $"{Lower<LossKind>(spec.Loss)} does not fit task {Lower<TaskKind>(task)} (regression: mse; binary: binarycrossentropy or softmaxcrossentropy; multiclass: softmaxcrossentropy)");
            Require(spec.EarlyStopping is null || MetricFits(spec.EarlyStopping.Metric, task), "earlyStopping.metric", $"{Lower<StoppingMetric>(spec.EarlyStopping?.Metric)} does not fit task {Lower<TaskKind>(task)}");
        }

        if (spec.Loss is { } loss)
        {
            Require(Enum.IsDefined(loss), "loss", "must be mse, binarycrossentropy or softmaxcrossentropy");
            Require(spec.Model.Kind != ModelKind.Gbdt, "loss", "applies to neural networks only (gbdt picks its objective from the task)");
            Require(spec.Model.Kind != ModelKind.Linear || loss == LossKind.Mse, "loss", "must be mse for a linear model");
            Require(spec.Model.Kind != ModelKind.Logistic || loss != LossKind.Mse, "loss", "must be a cross-entropy for a logistic model");
        }
    }

    private static string Lower<T>(T? value)
        where T : struct, Enum => value?.ToString().ToLowerInvariant() ?? string.Empty;
}
