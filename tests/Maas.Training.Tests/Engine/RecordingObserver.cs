using Maas.Training.Engine;

namespace Maas.Training.Tests.Engine;

/// <summary>
/// Records everything a run reports; optionally cancels after a number of checkpoints, or runs a callback (such as
/// moving a fake clock) on each progress report or checkpoint.
/// </summary>
internal sealed class RecordingObserver(int cancelAfterCheckpoints = int.MaxValue, CancellationTokenSource? cancel = null) : ITrainingObserver
{
    public List<TrainingProgress> Reports { get; } = [];

    public List<string> Lines { get; } = [];

    public List<byte[]> Checkpoints { get; } = [];

    /// <summary>Called on the training thread after each progress report is recorded.</summary>
    public Action<TrainingProgress>? OnProgress { get; init; }

    /// <summary>Called on the training thread after each checkpoint is recorded.</summary>
    public Action? OnCheckpoint { get; init; }

    public void Progress(TrainingProgress progress)
    {
        Reports.Add(progress);
        OnProgress?.Invoke(progress);
    }

    public void Log(string line) => Lines.Add(line);

    public Task CheckpointAsync(ReadOnlyMemory<byte> state, CancellationToken cancellationToken)
    {
        Checkpoints.Add(state.ToArray());
        OnCheckpoint?.Invoke();
        if (Checkpoints.Count >= cancelAfterCheckpoints)
        {
            cancel?.Cancel();
        }

        return Task.CompletedTask;
    }
}
