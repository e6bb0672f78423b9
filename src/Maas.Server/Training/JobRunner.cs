using System.Collections.Concurrent;
using System.Threading.Channels;
using Maas.Core.Training;

namespace Maas.Server.Training;

/// <summary>
/// Runs queued training jobs in the background, at most <see cref="Maas.Training.Spec.TrainingLimits.MaxConcurrentJobs"/>
/// at once, oldest first. At start-up it puts jobs a stopped or crashed process left running back in the queue, so
/// they resume from their last checkpoint. When the server stops, running jobs are interrupted without being marked:
/// they stay "running" in the store and resume at the next start.
/// </summary>
internal sealed partial class JobRunner(JobEnvironment environment) : IHostedService, IDisposable
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ConcurrentDictionary<string, JobExecution> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _workers = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = environment.Store;
        var resumed = await store.RequeueRunningJobsAsync(cancellationToken);
        var queued = await store.ListJobsAsync(JobState.Queued, cancellationToken);

        // The list is newest first; the queue runs oldest first.
        foreach (var job in queued.Reverse())
        {
            _queue.Writer.TryWrite(job.Info.Id);
        }

        if (queued.Count > 0)
        {
            LogQueuedAtStart(environment.Logger, queued.Count, resumed);
        }

        _workers = Enumerable.Range(0, environment.Settings.Limits.MaxConcurrentJobs)
            .Select(_ => Task.Run(WorkAsync, CancellationToken.None))
            .ToArray();
    }

    /// <summary>Interrupts running jobs (they resume at the next start) and waits for the workers to stop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        // Past the shutdown grace the host stops waiting; an interrupted job resumes from its checkpoint next start.
        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Queues a job that was just stored as queued.</summary>
    public void Enqueue(string id) => _queue.Writer.TryWrite(id);

    /// <summary>The live state of a running job, or <c>null</c> when it is not running here.</summary>
    public JobInfo? Snapshot(string id) => _running.TryGetValue(id, out var execution) ? execution.Snapshot : null;

    /// <summary>Cancels a running job; <c>false</c> when it is not running here.</summary>
    public bool TryCancel(string id)
    {
        if (!_running.TryGetValue(id, out var execution))
        {
            return false;
        }

        execution.Cancel();
        return true;
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WorkAsync()
    {
        var token = _stopping.Token;
        try
        {
            await foreach (var id in _queue.Reader.ReadAllAsync(token))
            {
                // A job cancelled while queued is no longer "queued"; the claim then returns null and it is skipped.
                var job = await environment.Store.TryStartJobAsync(id, token);
                if (job is null)
                {
                    continue;
                }

                using var execution = new JobExecution(job, environment, token);
                _running[id] = execution;
                try
                {
                    await execution.RunAsync();
                }
                catch (Exception exception) when (!token.IsCancellationRequested)
                {
                    // The store failed under the job (its end could not be written); the worker goes on with the next.
                    LogJobCrashed(environment.Logger, exception, id);
                }
                finally
                {
                    _running.TryRemove(id, out _);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The server is stopping.
        }
        catch (Exception exception)
        {
            LogWorkerFailed(environment.Logger, exception);
        }
    }

    [LoggerMessage(EventId = 4410, Level = LogLevel.Information, Message = "{Queued} training jobs are queued at start-up ({Resumed} interrupted ones resume from their last checkpoint)")]
    private static partial void LogQueuedAtStart(ILogger logger, int queued, int resumed);

    [LoggerMessage(EventId = 4411, Level = LogLevel.Error, Message = "Job {JobId} could not be run to its end; it stays as the store last recorded it")]
    private static partial void LogJobCrashed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4412, Level = LogLevel.Critical, Message = "A training worker stopped on an unexpected error; queued jobs wait for a restart")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception);
}
