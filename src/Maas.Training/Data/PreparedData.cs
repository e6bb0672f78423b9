using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>
/// A dataset ready for training: the resolved task and classes, the preprocessing fitted on the training split, and
/// the three splits preprocessed (targets are class indices into <see cref="ClassNames"/> as floats for classifiers).
/// </summary>
internal sealed class PreparedData
{
    /// <summary>The task given in the spec or inferred from the target.</summary>
    public required TaskKind Task { get; init; }

    /// <summary>The class labels in index order (sorted: numerically for numeric targets, ordinally for text); null for regression.</summary>
    public required IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The preprocessing, fitted on <see cref="Train"/> only.</summary>
    public required FeaturePlan Plan { get; init; }

    /// <summary>The training split.</summary>
    public required SplitData Train { get; init; }

    /// <summary>The validation split (possibly empty when its fraction is 0).</summary>
    public required SplitData Validation { get; init; }

    /// <summary>The test split (possibly empty when its fraction is 0).</summary>
    public required SplitData Test { get; init; }

    /// <summary>The target column.</summary>
    public required string Target { get; init; }

    /// <summary>The feature columns as resolved (the spec's list, or every column but the target in table order).</summary>
    public required IReadOnlyList<string> FeatureColumns { get; init; }

    /// <summary>The table rows of each split, parallel to the split's rows.</summary>
    public required IReadOnlyList<int> TrainRows { get; init; }

    /// <inheritdoc cref="TrainRows"/>
    public required IReadOnlyList<int> ValidationRows { get; init; }

    /// <inheritdoc cref="TrainRows"/>
    public required IReadOnlyList<int> TestRows { get; init; }

    /// <summary>How many table rows were left out (a missing target, or any missing feature under <see cref="MissingPolicy.Drop"/>).</summary>
    public required int DroppedRows { get; init; }

    /// <summary>The number of classes (0 for regression).</summary>
    public int ClassCount => ClassNames?.Count ?? 0;
}
