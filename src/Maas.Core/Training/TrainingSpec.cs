namespace Maas.Core.Training;

/// <summary>
/// What to train: the body of <c>POST /api/v1/jobs</c> and of <c>maas train --spec</c>, in camelCase JSON with
/// lower-case enums. The server reads it strictly (unknown members are refused) and checks every range, answering 400
/// with the field's name. A spec never carries code, paths or URLs: only names, numbers and enumerations.
/// </summary>
/// <remarks>
/// Every optional member starts at the server's default (documented in docs/training.md), so a spec built in code and
/// sent as it is trains exactly what the same spec with those members left out of the JSON would.
/// </remarks>
public sealed record TrainingSpec
{
    /// <summary>The dataset's name.</summary>
    public required string Dataset { get; init; }

    /// <summary>The dataset version; the newest when <c>null</c> (the server pins the version it trains on).</summary>
    public int? DatasetVersion { get; init; }

    /// <summary>The column to predict.</summary>
    public required string Target { get; init; }

    /// <summary>The feature columns; every column but the target when <c>null</c>.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>The task; inferred from the target column when <c>null</c>.</summary>
    public TaskKind? Task { get; init; }

    /// <summary>What to do with missing values. Defaults to <see cref="MissingPolicy.Mean"/>.</summary>
    public MissingPolicy Missing { get; init; } = MissingPolicy.Mean;

    /// <summary>The train/validation/test split. Defaults to 0.7/0.15/0.15, stratified for classifiers.</summary>
    public SplitSpec Split { get; init; } = new();

    /// <summary>The model to train.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>The optimiser of neural models. Defaults to Adam with learning rate 0.001.</summary>
    public OptimizerSpec Optimizer { get; init; } = new();

    /// <summary>Overrides the task's loss (MSE for regression, binary or softmax cross-entropy for classifiers) when set.</summary>
    public LossKind? Loss { get; init; }

    /// <summary>Passes over the training split. Defaults to 20.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Rows per optimiser step. Defaults to 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Stops when a validation metric stops improving; no early stopping when <c>null</c>.</summary>
    public EarlyStoppingSpec? EarlyStopping { get; init; }

    /// <summary>The random seed: the same seed and data give the same split and weights. Defaults to 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>The model to register the result as a new version of (created when missing).</summary>
    public required string Register { get; init; }
}
