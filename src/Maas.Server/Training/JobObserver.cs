using System.Globalization;
using System.Text;
using Maas.Core.Training;
using Maas.Training.Engine;

namespace Maas.Server.Training;

/// <summary>
/// Receives a running job's reports on the training thread and makes them durable and visible without slowing it:
/// reports only change memory, and a writer loop persists the latest state at most every
/// <see cref="JobExecution.FlushInterval"/> and publishes it to the job's event streams. Checkpoints are the one
/// report that waits, because the trainer must not run ahead of its last durable state.
/// </summary>
internal sealed partial class JobObserver : ITrainingObserver, IDisposable
{
    private readonly string _id;
    private readonly JobEnvironment _environment;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<JobEpoch> _history;
    private readonly List<JobLogLine> _pendingLogs = [];
    private JobInfo _info;
    private bool _progressDirty;
    private int _lastEpoch;
    private long _runStart;
    private double? _percentAtStart;
    private Task _writer = Task.CompletedTask;

    public JobObserver(StoredJob job, JobEnvironment environment)
    {
        _id = job.Info.Id;
        _environment = environment;

        // Resuming: the epochs after the checkpoint will run again, so they leave the history; starting afresh, all do.
        _history = job.CheckpointDigest is null ? [] : job.Info.History.Where(e => e.Epoch <= job.CheckpointEpoch).ToList();
        _lastEpoch = job.CheckpointDigest is null ? 0 : job.CheckpointEpoch;
        _info = job.Info with { State = JobState.Running, History = _history.ToList() };
    }

    /// <summary>The job as it stands now.</summary>
    public JobInfo Snapshot
    {
        get
        {
            lock (_lock)
            {
                return _info;
            }
        }
    }

    /// <summary>Starts the writer loop and announces the (re)start.</summary>
    public void Start()
    {
        _runStart = _environment.Clock.GetTimestamp();
        Log(_lastEpoch > 0 ? $"Job {_id} resumed." : $"Job {_id} started.");
        lock (_lock)
        {
            _progressDirty = true;
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    /// <inheritdoc />
    public void Progress(TrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        string? epochLine = null;
        lock (_lock)
        {
            _percentAtStart ??= progress.Percent;
            var history = _info.History;
            if (progress.EpochCompleted)
            {
                _history.RemoveAll(e => e.Epoch >= progress.Epoch);
                _history.Add(new JobEpoch(progress.Epoch, progress.TrainLoss, progress.ValidationLoss, progress.ValidationMetrics));
                _lastEpoch = progress.Epoch;
                history = _history.ToList();
                epochLine = DescribeEpoch(progress);
            }

            _info = _info with
            {
                Progress = new JobProgress(progress.Epoch, progress.Epochs, progress.Step, progress.Steps, Math.Clamp(progress.Percent, 0, 100), Eta(progress.Percent)),
                History = history,
            };
            _progressDirty = true;
        }

        if (epochLine is not null)
        {
            Log(epochLine);
        }

        Signal();
    }

    /// <inheritdoc />
    public void Log(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var entry = new JobLogLine(_environment.Clock.GetUtcNow(), line.Length > 4096 ? line[..4096] + "…" : line);
        lock (_lock)
        {
            _pendingLogs.Add(entry);
        }

        _environment.Events.Publish(_id, JobEvent.Log(entry));
        Signal();
    }

    /// <inheritdoc />
    public async Task CheckpointAsync(ReadOnlyMemory<byte> state, CancellationToken cancellationToken)
    {
        // The history up to this epoch is written first, so a restart never resumes past what the history shows.
        await FlushAsync();
        int epoch;
        lock (_lock)
        {
            epoch = _lastEpoch;
        }

        using var content = new MemoryStream(state.ToArray(), writable: false);
        await using var staged = await _environment.Blobs.StageAsync(content, long.MaxValue, progress: null, cancellationToken);
        await _environment.Registry.CommitBlobAsync(
            staged,
            blob => _environment.Store.SaveJobCheckpointAsync(_id, blob.Digest, epoch, CancellationToken.None),
            previous => previous,
            cancellationToken);
    }

    /// <summary>Writes what changed since the last write: log lines, then progress and history; then publishes the state.</summary>
    public async Task FlushAsync()
    {
        await _writing.WaitAsync(CancellationToken.None);
        try
        {
            JobInfo info;
            List<JobLogLine> logs;
            bool progressDirty;
            lock (_lock)
            {
                info = _info;
                logs = [.. _pendingLogs];
                _pendingLogs.Clear();
                progressDirty = _progressDirty;
                _progressDirty = false;
            }

            if (logs.Count > 0)
            {
                await _environment.Store.AppendJobLogAsync(_id, logs, CancellationToken.None);
            }

            if (progressDirty)
            {
                await _environment.Store.SaveJobProgressAsync(_id, info.Progress, info.History, CancellationToken.None);
                _environment.Events.Publish(_id, JobEvent.Progress(info));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A lost progress write costs a stale percentage, not the job; the next write carries the latest state.
            LogWriteFailed(_environment.Logger, exception, _id);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Stops the writer loop after a last write.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _writer;
        await FlushAsync();
    }

    public void Dispose()
    {
        _stop.Dispose();
        _changed.Dispose();
        _writing.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var token = _stop.Token;
        try
        {
            while (true)
            {
                await _changed.WaitAsync(token);
                await FlushAsync();
                await Task.Delay(JobExecution.FlushInterval, _environment.Clock, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped; StopAsync writes the rest.
        }
    }

    private void Signal()
    {
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another report signalled first; one pending wake-up is enough.
        }
        catch (ObjectDisposedException)
        {
            // A report after the job ended (a trainer's last log line racing the end) has nowhere to go.
        }
    }

    private double? Eta(double percent)
    {
        if (_percentAtStart is not { } first || percent - first < 0.5 || percent >= 100)
        {
            return percent >= 100 ? 0 : null;
        }

        var elapsed = _environment.Clock.GetElapsedTime(_runStart).TotalSeconds;
        return Math.Round(elapsed * (100 - percent) / (percent - first), 1);
    }

    private static string DescribeEpoch(TrainingProgress progress)
    {
        var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Epoch {progress.Epoch}/{progress.Epochs}");
        if (progress.TrainLoss is { } train)
        {
            line.Append(CultureInfo.InvariantCulture, $": train loss {train:G5}");
        }

        if (progress.ValidationLoss is { } validation)
        {
            line.Append(CultureInfo.InvariantCulture, $", validation loss {validation:G5}");
        }

        foreach (var (name, value) in progress.ValidationMetrics ?? new Dictionary<string, double>())
        {
            line.Append(CultureInfo.InvariantCulture, $", {name} {value:G5}");
        }

        return line.Append('.').ToString();
    }

    [LoggerMessage(EventId = 4430, Level = LogLevel.Error, Message = "Could not write the progress of job {JobId}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string jobId);
}
