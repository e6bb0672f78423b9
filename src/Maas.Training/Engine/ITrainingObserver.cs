namespace Maas.Training.Engine;

/// <summary>What a running job reports; the server persists it and streams it as Server-Sent Events.</summary>
public interface ITrainingObserver
{
    /// <summary>Called after every step batch and every epoch; cheap to call often.</summary>
    void Progress(TrainingProgress progress);

    /// <summary>A human-readable log line (no trailing newline).</summary>
    void Log(string line);

    /// <summary>
    /// Called after each completed epoch with the opaque state that <see cref="TrainingRunner.RunAsync"/> accepts
    /// back as <c>checkpoint</c> to resume from the next epoch. The job persists it durably before returning.
    /// </summary>
    Task CheckpointAsync(ReadOnlyMemory<byte> state, CancellationToken cancellationToken);
}

/// <summary>A progress report. Loss and metrics are null until the first epoch ends.</summary>
/// <param name="Epoch">Epochs completed (0 before the first ends).</param>
/// <param name="Epochs">Epochs planned (trees: boosting rounds).</param>
/// <param name="Step">Steps completed in the current epoch.</param>
/// <param name="Steps">Steps per epoch.</param>
/// <param name="Percent">Overall completion, 0–100.</param>
/// <param name="TrainLoss">The last completed epoch's mean training loss.</param>
/// <param name="ValidationLoss">The last completed epoch's validation loss.</param>
/// <param name="ValidationMetrics">The last completed epoch's validation metrics (accuracy / r2 …).</param>
/// <param name="EpochCompleted">True when this report closes an epoch (it goes into the job's history).</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Step,
    int Steps,
    double Percent,
    double? TrainLoss,
    double? ValidationLoss,
    IReadOnlyDictionary<string, double>? ValidationMetrics,
    bool EpochCompleted);
