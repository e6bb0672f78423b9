using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Core.Training;
using Maas.Server.Models;
using Maas.Server.Training.Worker;
using Maas.Training.Engine;

namespace Maas.Server.Training;

/// <summary>
/// One run of one job: hands the pinned dataset version (and the last checkpoint when resuming) to the trainer (a
/// worker process, or a thread of this one), and turns the outcome into a terminal state. Progress is persisted at most every
/// <see cref="FlushInterval"/>, history on every epoch, checkpoints durably before the trainer continues.
/// </summary>
internal sealed partial class JobExecution : IDisposable
{
    /// <summary>The shortest time between two progress writes (and progress events).</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly StoredJob _job;
    private readonly TrainingSpec _spec;
    private readonly JobEnvironment _environment;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource _cancel = new();
    private readonly JobObserver _observer;

    public JobExecution(StoredJob job, JobEnvironment environment, CancellationToken stopping)
    {
        _job = job;
        _environment = environment;
        _stopping = stopping;
        _spec = TrainingJson.Read(job.Info.Spec);
        _observer = new JobObserver(job, environment);
    }

    public string Id => _job.Info.Id;

    /// <summary>The job as it stands now, fresher than its row between two writes.</summary>
    public JobInfo Snapshot => _observer.Snapshot;

    /// <summary>Asks the run to stop and end as cancelled.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>Runs the job to a terminal state, or, when the server stops, leaves it running for the next start to resume.</summary>
    public async Task RunAsync()
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, _stopping);
        var token = linked.Token;
        JobOutcome outcome;
        _observer.Start();
        try
        {
            outcome = await TrainAndRegisterAsync(token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The server is stopping: the row stays "running" with its last checkpoint, and the next start resumes it.
            await _observer.StopAsync();
            LogInterrupted(_environment.Logger, Id);
            return;
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            outcome = new JobOutcome(JobState.Cancelled, null, null, null);
        }
        catch (MaasException exception)
        {
            outcome = Failed(exception.Message);
        }
        catch (Exception exception)
        {
            // The job's error is read by people and clients: the exception's type and message stay in the log.
            LogUnexpected(_environment.Logger, EscapedException.For(exception), Id);
            outcome = Failed($"Training failed unexpectedly; the server log has the details under job id {Id}.");
        }

        await FinishAsync(outcome);
    }

    private async Task<JobOutcome> TrainAndRegisterAsync(CancellationToken cancellationToken)
    {
        if (!_environment.Blobs.Exists(_job.DatasetDigest))
        {
            throw MaasException.NotFound($"Version {_job.DatasetVersion} of dataset '{_spec.Dataset}' is no longer stored.");
        }

        var checkpoint = await LoadCheckpointAsync(cancellationToken);

        // The trainer holds the job to its deadline, counted from the first start: a resumed job keeps the one it had.
        var jobStarted = _job.Info.Started ?? _environment.Clock.GetUtcNow();
        var start = new WorkerStart(_job.Info.Spec, _environment.Settings.Limits, _spec.Dataset, _job.DatasetVersion, jobStarted, checkpoint is null ? null : _job.CheckpointEpoch);
        var work = new JobWork(Id, start, token => _environment.Blobs.OpenReadAsync(_job.DatasetDigest, token), checkpoint);
        var result = await _environment.Trainer.TrainAsync(work, _observer, cancellationToken);
        await _observer.StopAsync();

        var version = await RegisterAsync(result, cancellationToken);
        _observer.Log($"Registered version {version.Version} of model '{version.Model}'.");
        await _observer.FlushAsync();
        return new JobOutcome(JobState.Succeeded, result.Metrics, new JobResult(version.Model, version.Version), null);
    }

    private async Task<ReadOnlyMemory<byte>?> LoadCheckpointAsync(CancellationToken cancellationToken)
    {
        if (_job.CheckpointDigest is not { } digest)
        {
            return null;
        }

        await using var stream = await _environment.Blobs.OpenReadAsync(digest, cancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    private async Task<ModelVersionInfo> RegisterAsync(TrainingOutcome result, CancellationToken cancellationToken)
    {
        var name = _spec.Register;
        if (await _environment.Models.GetModelAsync(name, cancellationToken) is null)
        {
            try
            {
                await _environment.Models.CreateModelAsync(
                    new CreateModelRequest(name, $"Trained by job {Id}.", null, result.ClassNames),
                    cancellationToken);
            }
            catch (MaasException exception) when (exception.Code == ErrorCode.Conflict)
            {
                // Created meanwhile by someone else: register into it all the same.
            }
        }

        // A crash between registering the version and recording the job's end resumes the job; it must not register twice.
        if ((await _environment.Models.ListVersionsAsync(name, cancellationToken)).FirstOrDefault(v => v.Lineage?.JobId == Id) is { } registered)
        {
            return registered;
        }

        var lineage = new ModelLineage(Id, _spec.Dataset, _job.DatasetVersion, _job.DatasetDigest, _job.Info.Spec, result.Metrics);
        using var onnx = new MemoryStream(result.OnnxModel, writable: false);
        return await _environment.Registry.AddTrainedVersionAsync(name, onnx, lineage, cancellationToken);
    }

    private async Task FinishAsync(JobOutcome outcome)
    {
        await _observer.StopAsync();
        if (outcome.Error is { } error)
        {
            _observer.Log("Failed: " + error);
        }
        else if (outcome.State == JobState.Cancelled)
        {
            _observer.Log("Cancelled.");
        }

        await _observer.FlushAsync();
        var store = _environment.Store;
        await _environment.Registry.RemoveRowsAsync(
            async () => (await store.FinishJobAsync(Id, outcome, CancellationToken.None)).Checkpoint,
            checkpoint => [checkpoint],
            CancellationToken.None);
        LogFinished(_environment.Logger, Id, outcome.State);
        var final = await store.GetJobAsync(Id, CancellationToken.None);
        if (final is not null)
        {
            _environment.Events.Publish(Id, JobEvent.End(final.Info));
        }
    }

    private static JobOutcome Failed(string error) => new(JobState.Failed, null, null, error);

    public void Dispose()
    {
        _cancel.Dispose();
        _observer.Dispose();
    }

    [LoggerMessage(EventId = 4420, Level = LogLevel.Information, Message = "Job {JobId} ended {State}")]
    private static partial void LogFinished(ILogger logger, string jobId, JobState state);

    [LoggerMessage(EventId = 4421, Level = LogLevel.Information, Message = "Job {JobId} was interrupted by the server stopping; it resumes at the next start")]
    private static partial void LogInterrupted(ILogger logger, string jobId);

    [LoggerMessage(EventId = 4422, Level = LogLevel.Error, Message = "Job {JobId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string jobId);
}
