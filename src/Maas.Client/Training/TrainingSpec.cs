using System.Text.Json;

namespace Maas.Client.Training;

/// <summary>
/// What to train: the body of <c>POST /api/v1/jobs</c>, mirroring the server's spec in the same camelCase JSON.
/// Every member left <c>null</c> is left out of the request, so the server's default applies (documented in
/// docs/training.md); the server refuses unknown members and out-of-range values with 400 naming the field.
/// </summary>
public sealed record TrainingSpec
{
    /// <summary>The dataset's name.</summary>
    public required string Dataset { get; init; }

    /// <summary>The dataset version; the newest when <c>null</c>.</summary>
    public int? DatasetVersion { get; init; }

    /// <summary>The column to predict.</summary>
    public required string Target { get; init; }

    /// <summary>The feature columns; every column but the target when <c>null</c>.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>The task; inferred from the target column when <c>null</c>.</summary>
    public TaskKind? Task { get; init; }

    /// <summary>What to do with missing values; the server's default (<c>mean</c>) when <c>null</c>.</summary>
    public MissingPolicy? Missing { get; init; }

    /// <summary>The train/validation/test split; 0.7/0.15/0.15, stratified for classifiers, when <c>null</c>.</summary>
    public SplitSpec? Split { get; init; }

    /// <summary>The model to train.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>The optimiser of neural models; Adam with learning rate 0.001 when <c>null</c>.</summary>
    public OptimizerSpec? Optimizer { get; init; }

    /// <summary>Overrides the task's loss (MSE, binary or softmax cross-entropy) when set.</summary>
    public LossKind? Loss { get; init; }

    /// <summary>Passes over the training split; the server's default (20) when <c>null</c>.</summary>
    public int? Epochs { get; init; }

    /// <summary>Rows per optimiser step; the server's default (32) when <c>null</c>.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Stops when a validation metric stops improving; no early stopping when <c>null</c>.</summary>
    public EarlyStoppingSpec? EarlyStopping { get; init; }

    /// <summary>The random seed: the same seed and data give the same split and weights. The server's default (42) when <c>null</c>.</summary>
    public long? Seed { get; init; }

    /// <summary>The model to register the result as a new version of (created when missing).</summary>
    public required string Register { get; init; }

    /// <summary>
    /// Reads a spec the server sent back, such as <see cref="Maas.Core.Training.JobInfo.Spec"/> or
    /// <see cref="Maas.Core.Training.ModelLineage.Spec"/>; <c>null</c> when it is not a spec this client understands.
    /// </summary>
    /// <param name="json">The spec as JSON.</param>
    public static TrainingSpec? FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return json.Deserialize<TrainingSpec>(MaasJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Train / validation / test fractions, summing to 1; a member left <c>null</c> keeps the server's default.</summary>
public sealed record SplitSpec
{
    /// <summary>The training fraction (default 0.7).</summary>
    public double? Train { get; init; }

    /// <summary>The validation fraction (default 0.15).</summary>
    public double? Validation { get; init; }

    /// <summary>The test fraction (default 0.15).</summary>
    public double? Test { get; init; }

    /// <summary>Whether classifiers' splits keep the class proportions (default <c>true</c>).</summary>
    public bool? Stratify { get; init; }
}

/// <summary>Optimiser settings; a member left <c>null</c> keeps the server's default.</summary>
public sealed record OptimizerSpec
{
    /// <summary>The optimiser (default Adam).</summary>
    public OptimizerKind? Kind { get; init; }

    /// <summary>The learning rate (default 0.001).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The momentum coefficient of <see cref="OptimizerKind.Momentum"/> (default 0.9).</summary>
    public double? Momentum { get; init; }

    /// <summary>Adam's first-moment decay (default 0.9).</summary>
    public double? Beta1 { get; init; }

    /// <summary>Adam's second-moment decay (default 0.999).</summary>
    public double? Beta2 { get; init; }

    /// <summary>Adam's epsilon (default 1e-8).</summary>
    public double? Epsilon { get; init; }

    /// <summary>L2 penalty (sgd, momentum, adam) or decoupled weight decay (adamw); default 0.</summary>
    public double? WeightDecay { get; init; }
}

/// <summary>Early stopping on a validation metric; the best epoch's weights are kept.</summary>
public sealed record EarlyStoppingSpec
{
    /// <summary>The metric watched (default validation loss).</summary>
    public StoppingMetric? Metric { get; init; }

    /// <summary>Epochs without improvement before training stops (default 5).</summary>
    public int? Patience { get; init; }
}
