using System.Text;
using Maas.Training.Engine;

namespace Maas.Server.Training.Worker;

/// <summary>
/// The trainer's observer inside the worker: each report becomes a frame to the server. A checkpoint waits for the
/// server's <see cref="WorkerFrameType.Ack"/>, so the trainer never runs ahead of its last durable state, as it does
/// not in the server's own process.
/// </summary>
internal sealed class PipeObserver(WorkerChannel channel) : ITrainingObserver, IDisposable
{
    private readonly SemaphoreSlim _acks = new(0, 1);

    /// <summary>Called by the worker's reader when the server acknowledges the last checkpoint.</summary>
    public void Acknowledge() => _acks.Release();

    public void Progress(TrainingProgress progress) => channel.Write(WorkerFrameType.Progress, WorkerJson.Write(progress));

    public void Log(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        channel.Write(WorkerFrameType.Log, Encoding.UTF8.GetBytes(line));
    }

    public async Task CheckpointAsync(ReadOnlyMemory<byte> state, CancellationToken cancellationToken)
    {
        await channel.WriteAsync(WorkerFrameType.Checkpoint, state, cancellationToken);
        await _acks.WaitAsync(cancellationToken);
    }

    public void Dispose() => _acks.Dispose();
}
