using Maas.Core.Training;

namespace Maas.Training.Engine;

/// <summary>The result of a finished training run.</summary>
/// <param name="OnnxModel">The inference model with preprocessing baked in (raw feature inputs; see docs/training.md).</param>
/// <param name="Task">The task trained (inferred when the spec left it out).</param>
/// <param name="ClassNames">Classifiers: the class names in output order; null for regression.</param>
/// <param name="Metrics">Metrics per split under the keys "train", "validation" and "test".</param>
/// <param name="EpochsRun">Epochs completed (fewer than planned after early stopping); trees: boosting rounds.</param>
public sealed record TrainingOutcome(
    byte[] OnnxModel,
    TaskKind Task,
    IReadOnlyList<string>? ClassNames,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics,
    int EpochsRun);
