using Maas.Training.Engine;

namespace Maas.Server.Training.Worker;

/// <summary>Where a job's dataset parsing and training run: in a worker process, or in the server's own.</summary>
internal interface IJobTrainer
{
    /// <summary>
    /// Trains <paramref name="work"/>, reporting to <paramref name="observer"/> (checkpoints durable before training goes
    /// on). Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires and a
    /// <see cref="Core.MaasException"/> whose sentence is the job's error when the run fails.
    /// </summary>
    Task<TrainingOutcome> TrainAsync(JobWork work, ITrainingObserver observer, CancellationToken cancellationToken);
}

/// <summary>One job's inputs for its trainer.</summary>
/// <param name="JobId">The job, for the server log.</param>
/// <param name="Start">The spec, the limits and the deadline's origin.</param>
/// <param name="OpenDatasetAsync">Opens the decrypted dataset CSV.</param>
/// <param name="Checkpoint">The last checkpoint, when the job resumes.</param>
internal sealed record JobWork(
    string JobId,
    WorkerStart Start,
    Func<CancellationToken, Task<Stream>> OpenDatasetAsync,
    ReadOnlyMemory<byte>? Checkpoint);

/// <summary>Trains in the server's process, on a dedicated thread (isolation <c>in-process</c>).</summary>
internal sealed class InProcessJobTrainer(TimeProvider clock) : IJobTrainer
{
    public async Task<TrainingOutcome> TrainAsync(JobWork work, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var csv = await work.OpenDatasetAsync(cancellationToken);
        return await JobTraining.RunAsync(csv, work.Start, work.Checkpoint, observer, clock, cancellationToken);
    }
}
