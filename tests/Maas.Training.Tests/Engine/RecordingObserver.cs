using Maas.Training.Engine;

namespace Maas.Training.Tests.Engine;

/// <summary>Records everything a run reports; optionally cancels after a number of checkpoints.</summary>
internal sealed class RecordingObserver(int cancelAfterCheckpoints = int.MaxValue, CancellationTokenSource? cancel = null) : ITrainingObserver
{
    public List<TrainingProgress> Reports { get; } = [];

    public List<string> Lines { get; } = [];

    public List<byte[]> Checkpoints { get; } = [];

    public void Progress(TrainingProgress progress) => Reports.Add(progress);

    public void Log(string line) => Lines.Add(line);

    public Task CheckpointAsync(ReadOnlyMemory<byte> state, CancellationToken cancellationToken)
    {
        Checkpoints.Add(state.ToArray());
        if (Checkpoints.Count >= cancelAfterCheckpoints)
        {
            cancel?.Cancel();
        }

        return Task.CompletedTask;
    }
}
