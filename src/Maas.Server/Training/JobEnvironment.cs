using Maas.Core.Storage;
using Maas.Core.Training;
using Maas.Server.Models;
using Maas.Server.Training.Worker;

namespace Maas.Server.Training;

/// <summary>
/// Everything a running job uses, in one place: its store, the model store and blob store it reads from and registers
/// into, the registry's blob gate, the training limits, the progress events, the trainer (a worker process or this one), the server's clock and the log. Shared
/// by <see cref="JobRunner"/>, each <see cref="JobExecution"/> and its <see cref="JobObserver"/>.
/// </summary>
internal sealed class JobEnvironment(
    IJobStore store,
    IRegistryStore models,
    IBlobStore blobs,
    ModelRegistry registry,
    TrainingSettings settings,
    JobEvents events,
    IJobTrainer trainer,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    public IJobStore Store { get; } = store;

    /// <summary>The registry's (cached) model store, where a job creates the model it registers when missing.</summary>
    public IRegistryStore Models { get; } = models;

    public IBlobStore Blobs { get; } = blobs;

    public ModelRegistry Registry { get; } = registry;

    public TrainingSettings Settings { get; } = settings;

    public JobEvents Events { get; } = events;

    /// <summary>Where jobs train: a worker process each, or the server's own process.</summary>
    public IJobTrainer Trainer { get; } = trainer;

    public ILogger Logger { get; } = logger;

    /// <summary>The server's clock: job times, progress intervals and the job deadline.</summary>
    public TimeProvider Clock { get; } = clock;
}
