using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Maas.Training.Engine;
using Maas.Training.Spec;

namespace Maas.Server.Training.Worker;

/// <summary>
/// Trains each job in a child process of its own (isolation <c>process</c>): the server streams the job, its checkpoint
/// and its decrypted dataset to the worker's standard input, and turns the frames on its standard output back into
/// observer calls (a checkpoint is made durable, then acknowledged) and the result. A worker that dies ends its job
/// failed with the reason; a cancel or a server stop kills it.
/// </summary>
internal sealed partial class WorkerJobTrainer(WorkerCommand command, TrainingLimits limits, ILogger logger) : IJobTrainer
{
    /// <summary>The most lines of a worker's standard error copied to the server log.</summary>
    public const int MaxErrorLines = 200;

    /// <summary>The longest line of a worker's standard error copied to the server log, in characters.</summary>
    public const int MaxErrorLineChars = 1000;

    private const int ChunkBytes = 1 << 20;

    public async Task<TrainingOutcome> TrainAsync(JobWork work, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(observer);
        cancellationToken.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = command.StartInfo(limits) };
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LogCannotStart(logger, exception, work.JobId, command.FileName);
            throw WorkerExit.CannotStart(work.JobId);
        }

        LogStarted(logger, work.JobId, process.Id);
        observer.Log(string.Create(CultureInfo.InvariantCulture, $"Training in worker process {process.Id}."));
        var errors = CopyErrorsAsync(process.StandardError, work.JobId);
        try
        {
            // A cancel or a server stop kills the worker; its pipes then close and the read below ends.
            using var kill = cancellationToken.Register(() => Kill(process));
            var maxFrame = Math.Min(limits.MaxJobMemoryBytes, Array.MaxLength);
            using var channel = new WorkerChannel(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, maxFrame);
            var feeding = FeedAsync(channel, work, cancellationToken);
            var reading = ReadAsync(channel, observer, cancellationToken);
            if (await Task.WhenAny(feeding, reading) == feeding && feeding.Exception?.InnerException is { } failed and not IOException and not OperationCanceledException)
            {
                // The dataset could not be read (an integrity failure): that is the job's failure, not the worker's.
                Kill(process);
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                ExceptionDispatchInfo.Throw(failed);
            }

            TrainingOutcome? outcome;
            try
            {
                outcome = await reading;
            }
            catch (InvalidDataException exception)
            {
                LogProtocolBroken(logger, work.JobId, exception.Message);
                throw WorkerExit.ProtocolBroken(work.JobId);
            }

            await feeding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            if (outcome is not null)
            {
                return outcome;
            }

            // The worker closed its output without a result: it died. Its exit status says how.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(wait.Token);
            cancellationToken.ThrowIfCancellationRequested();
            throw WorkerExit.Describe(process.ExitCode, limits, work.JobId);
        }
        finally
        {
            Kill(process);
            await errors;
        }
    }

    private static async Task FeedAsync(WorkerChannel channel, JobWork work, CancellationToken cancellationToken)
    {
        await channel.WriteAsync(WorkerFrameType.Start, WorkerJson.Write(work.Start), cancellationToken);
        if (work.Checkpoint is { } checkpoint)
        {
            await channel.WriteAsync(WorkerFrameType.Checkpoint, checkpoint, cancellationToken);
        }

        await using var csv = await work.OpenDatasetAsync(cancellationToken);
        var buffer = new byte[ChunkBytes];
        int read;
        while ((read = await csv.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await channel.WriteAsync(WorkerFrameType.Data, buffer.AsMemory(0, read), cancellationToken);
        }

        await channel.WriteAsync(WorkerFrameType.DataEnd, ReadOnlyMemory<byte>.Empty, cancellationToken);
    }

    /// <summary>Plays the worker's frames to <paramref name="observer"/>; the outcome, or <c>null</c> when the worker's output ended first.</summary>
    private async Task<TrainingOutcome?> ReadAsync(WorkerChannel channel, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        while (await channel.ReadAsync(CancellationToken.None) is { } frame)
        {
            switch (frame.Type)
            {
                case WorkerFrameType.Progress:
                    observer.Progress(WorkerJson.Read<TrainingProgress>(frame.Payload));
                    break;
                case WorkerFrameType.Log:
                    observer.Log(Encoding.UTF8.GetString(frame.Payload));
                    break;
                case WorkerFrameType.Checkpoint:
                    await observer.CheckpointAsync(frame.Payload, cancellationToken);
                    await AcknowledgeAsync(channel, cancellationToken);
                    break;
                case WorkerFrameType.Result:
                    var result = WorkerJson.Read<WorkerResult>(frame.Payload);
                    var model = await channel.ReadAsync(CancellationToken.None);
                    return model is (WorkerFrameType.Model, var onnx)
                        ? new TrainingOutcome(onnx, result.Task, result.ClassNames, result.Metrics, result.EpochsRun)
                        : throw new InvalidDataException("the result came without its model");
                case WorkerFrameType.Failure:
                    throw Failure(WorkerJson.Read<WorkerFailure>(frame.Payload));
                default:
                    throw new InvalidDataException($"a {frame.Type} frame from the worker");
            }
        }

        return null;
    }

    private static async Task AcknowledgeAsync(WorkerChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            await channel.WriteAsync(WorkerFrameType.Ack, ReadOnlyMemory<byte>.Empty, cancellationToken);
        }
        catch (IOException)
        {
            // The worker died after sending its checkpoint: its output ends next, and its exit status says why.
        }
    }

    private Core.MaasException Failure(WorkerFailure failure)
    {
        switch (failure.Kind)
        {
            case WorkerFailureKind.OutOfMemory:
                return WorkerExit.OutOfMemory(limits);
            case WorkerFailureKind.Domain:
                return new Core.MaasException(failure.Code, failure.Message);
            default:
                LogUnexpected(logger, failure.Message);
                return new Core.MaasException(Core.ErrorCode.Internal, "Training failed unexpectedly in the worker process; the server log has the details.");
        }
    }

    /// <summary>Copies the worker's standard error to the server log: control characters escaped, lines and their count bounded.</summary>
    private async Task CopyErrorsAsync(StreamReader error, string jobId)
    {
        var lines = 0;
        try
        {
            while (await error.ReadLineAsync() is { } line)
            {
                if (++lines <= MaxErrorLines)
                {
                    LogWorkerError(logger, jobId, Escape(line));
                }
                else if (lines == MaxErrorLines + 1)
                {
                    LogErrorsDropped(logger, jobId, MaxErrorLines);
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke with the process; nothing more to copy.
        }
    }

    private static string Escape(string line)
    {
        var text = new StringBuilder(Math.Min(line.Length, MaxErrorLineChars));
        foreach (var c in line)
        {
            if (text.Length >= MaxErrorLineChars)
            {
                return text.Append('…').ToString();
            }

            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return text.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    [LoggerMessage(EventId = 4440, Level = LogLevel.Information, Message = "Job {JobId} trains in worker process {ProcessId}")]
    private static partial void LogStarted(ILogger logger, string jobId, int processId);

    [LoggerMessage(EventId = 4441, Level = LogLevel.Warning, Message = "The training worker of job {JobId} wrote: {Line}")]
    private static partial void LogWorkerError(ILogger logger, string jobId, string line);

    [LoggerMessage(EventId = 4442, Level = LogLevel.Warning, Message = "The training worker of job {JobId} wrote more than {Lines} lines to standard error; the rest is not logged")]
    private static partial void LogErrorsDropped(ILogger logger, string jobId, int lines);

    [LoggerMessage(EventId = 4443, Level = LogLevel.Error, Message = "The training worker of job {JobId} broke the worker protocol: {Reason}")]
    private static partial void LogProtocolBroken(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 4444, Level = LogLevel.Error, Message = "The training worker failed unexpectedly: {Details}")]
    private static partial void LogUnexpected(ILogger logger, string details);

    [LoggerMessage(EventId = 4445, Level = LogLevel.Error, Message = "The training worker of job {JobId} could not be started from {Executable}")]
    private static partial void LogCannotStart(ILogger logger, Exception exception, string jobId, string executable);
}
