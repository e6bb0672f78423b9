using Maas.Core;

namespace Maas.Server.Training.Worker;

/// <summary>
/// The training worker: what the hidden command <c>maas worker train</c> runs in a child process of the server. It
/// reads one job from standard input (the spec, the limits, the checkpoint and the decrypted dataset CSV), trains it,
/// and writes its reports and its result to standard output as frames (see <see cref="WorkerFrameType"/>). It never
/// sees the master key, the database or the blob store; the server owns all three.
/// </summary>
public static class TrainingWorkerHost
{
    /// <summary>The exit code of a worker whose managed heap reached its hard limit.</summary>
    public const int OutOfMemoryExitCode = 3;

    /// <summary>The exit code of a worker that failed for any other reason (the job's failure frame says which).</summary>
    public const int FailedExitCode = 1;

    // Test-only: the worker first allocates this many bytes on the managed heap, to run away on purpose.
    internal const string TestAllocateVariable = "MAAS_TEST_WORKER_ALLOCATE_BYTES";

    /// <summary>Runs one job from <paramref name="input"/> to <paramref name="output"/>; returns the process exit code.</summary>
    /// <param name="input">Standard input: the frames from the server.</param>
    /// <param name="output">Standard output: the frames to the server; nothing else may be written there.</param>
    /// <param name="error">Standard error, which the server copies to its log.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        WorkerProcessLimits.Apply(error);
        using var channel = new WorkerChannel(input, output, int.MaxValue);
        using var parentGone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var outcome = await TrainAsync(channel, parentGone, cancellationToken);
            await channel.WriteAsync(WorkerFrameType.Result, WorkerJson.Write(new WorkerResult(outcome.Task, outcome.ClassNames, outcome.Metrics, outcome.EpochsRun)), cancellationToken);
            await channel.WriteAsync(WorkerFrameType.Model, outcome.OnnxModel, cancellationToken);
            return 0;
        }
        catch (OutOfMemoryException)
        {
            // Little can be allocated now; the exit code alone tells the server, should the frame not get through.
            TryReport(channel, new WorkerFailure(ErrorCode.Unavailable, "out of memory", WorkerFailureKind.OutOfMemory));
            return OutOfMemoryExitCode;
        }
        catch (MaasException exception)
        {
            TryReport(channel, new WorkerFailure(exception.Code, exception.Message, WorkerFailureKind.Domain));
            return FailedExitCode;
        }
        catch (OperationCanceledException) when (parentGone.IsCancellationRequested)
        {
            await error.WriteLineAsync("maas worker: the server closed the pipe; stopping.");
            return FailedExitCode;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            TryReport(channel, new WorkerFailure(ErrorCode.Internal, exception.ToString(), WorkerFailureKind.Unexpected));
            return FailedExitCode;
        }
    }

    private static async Task<Maas.Training.Engine.TrainingOutcome> TrainAsync(WorkerChannel channel, CancellationTokenSource parentGone, CancellationToken cancellationToken)
    {
        var first = await channel.ReadAsync(cancellationToken);
        if (first is not (WorkerFrameType.Start, var json))
        {
            throw new InvalidDataException("the first frame is not the job");
        }

        var start = WorkerJson.Read<WorkerStart>(json);
        ReadOnlyMemory<byte>? checkpoint = null;
        if (start.CheckpointEpoch is not null)
        {
            var frame = await channel.ReadAsync(cancellationToken);
            checkpoint = frame is (WorkerFrameType.Checkpoint, var state) ? state : throw new InvalidDataException("the checkpoint frame is missing");
        }

        AllocateForTests();
        using var observer = new PipeObserver(channel);
        var data = new WorkerDataStream(channel);
        var training = JobTraining.RunAsync(data, start, checkpoint, observer, TimeProvider.System, parentGone.Token);

        // Once the dataset is read, the only frames left to come are acknowledgements; the end of input means the
        // server is gone, and a worker without its server stops.
        _ = ReadAcknowledgementsAsync(channel, observer, data, parentGone);
        return await training;
    }

    private static async Task ReadAcknowledgementsAsync(WorkerChannel channel, PipeObserver observer, WorkerDataStream data, CancellationTokenSource parentGone)
    {
        try
        {
            await data.Completion;
            while (await channel.ReadAsync(CancellationToken.None) is { } frame)
            {
                if (frame.Type != WorkerFrameType.Ack)
                {
                    throw new InvalidDataException($"a {frame.Type} frame after the dataset");
                }

                observer.Acknowledge();
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or ObjectDisposedException or SemaphoreFullException)
        {
            // Treated as the end of input below.
        }

        await parentGone.CancelAsync();
    }

    private static void AllocateForTests()
    {
        if (!long.TryParse(Environment.GetEnvironmentVariable(TestAllocateVariable), out var bytes))
        {
            return;
        }

        var held = new List<byte[]>();
        for (long total = 0; total < bytes; total += 1 << 20)
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)1);
            held.Add(chunk);
        }

        GC.KeepAlive(held);
    }

    private static void TryReport(WorkerChannel channel, WorkerFailure failure)
    {
        try
        {
            channel.Write(WorkerFrameType.Failure, WorkerJson.Write(failure));
        }
        catch (Exception exception) when (exception is IOException or OutOfMemoryException or ObjectDisposedException)
        {
            // The server is gone or nothing more can be allocated; the exit code is the report.
        }
    }
}
