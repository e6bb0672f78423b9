using Maas.Core;
using Maas.Core.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Maas.Runtime;

/// <summary>
/// Runs batches of queued requests on one version's session (inputs named in signature order, as
/// <see cref="PreparedRequest.Inputs"/> holds them): concatenate, one ONNX Runtime run, split. When a batch
/// of several requests fails, each request is run again alone, so one request's bad values fail only that request.
/// </summary>
internal sealed partial class BatchExecutor(
    ModelKey key,
    InferenceSession session,
    string[] inputNames,
    ModelStatistics statistics,
    InferenceEvents events,
    TimeProvider timeProvider,
    ILogger logger) : IDisposable
{
    // Run options carry no per-run state here, and ONNX Runtime allows sharing them across concurrent runs.
    private readonly RunOptions _runOptions = new();

    public void Execute(List<PendingRequest> batch)
    {
        var start = timeProvider.GetTimestamp();
        foreach (var request in batch)
        {
            request.QueueTime = timeProvider.GetElapsedTime(request.EnqueuedTimestamp, start);
        }

        if (batch.Count == 1)
        {
            RunAlone(batch[0]);
            return;
        }

        try
        {
            Run(batch);
        }
        catch (Exception ex)
        {
            LogBatchFailed(logger, EscapedException.For(ex), key.Name, key.Version, batch.Count);
            foreach (var request in batch)
            {
                RunAlone(request);
            }
        }
    }

    /// <summary>Runs one request outside the statistics, for warm-up.</summary>
    public void RunUnrecorded(PreparedRequest request)
    {
        var inputs = OrtTensors.CreateInputs([request]);
        try
        {
            using var outputs = session.Run(_runOptions, inputNames, inputs, request.OutputNames);
        }
        finally
        {
            OrtTensors.DisposeAll(inputs);
        }
    }

    public void Dispose() => _runOptions.Dispose();

    private void RunAlone(PendingRequest request)
    {
        try
        {
            Run([request]);
        }
        catch (Exception ex)
        {
            request.Fail(Translate(ex));
        }
    }

    private void Run(List<PendingRequest> batch)
    {
        var prepared = batch.ConvertAll(r => r.Request);
        var outputNames = prepared[0].OutputNames;
        var t0 = timeProvider.GetTimestamp();
        var inputs = OrtTensors.CreateInputs(prepared);
        InferTensor[][] results;
        long t1, t2, t3;
        try
        {
            t1 = timeProvider.GetTimestamp();
            using var outputs = session.Run(_runOptions, inputNames, inputs, outputNames);
            t2 = timeProvider.GetTimestamp();
            results = OrtTensors.SplitOutputs(outputs, outputNames, prepared);
            t3 = timeProvider.GetTimestamp();
        }
        finally
        {
            OrtTensors.DisposeAll(inputs);
        }

        var input = timeProvider.GetElapsedTime(t0, t1);
        var infer = timeProvider.GetElapsedTime(t1, t2);
        var output = timeProvider.GetElapsedTime(t2, t3);
        var rows = prepared.Sum(p => p.Rows);
        statistics.RecordExecution(rows, input, infer, output);
        events.Batch(key, rows);
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Succeed(new InferenceResult(results[i]), input, infer, output);
        }
    }

    private MaasException Translate(Exception exception)
    {
        LogRunFailed(logger, EscapedException.For(exception), key.Name, key.Version);
        if (exception is MaasException maas)
        {
            return maas;
        }

        if (exception is OnnxRuntimeException)
        {
            // ONNX Runtime prefixes its messages with its error code; invalid arguments are the caller's to fix.
            var code = exception.Message.StartsWith("[ErrorCode:InvalidArgument]", StringComparison.Ordinal)
                ? ErrorCode.InvalidArgument
                : ErrorCode.Internal;
            return new MaasException(code, $"Model '{key.Name}' version {key.Version} failed to run: {OrtMessages.Clean(exception.Message)}", exception);
        }

        return new MaasException(ErrorCode.Internal, $"Model '{key.Name}' version {key.Version} failed to run because of an unexpected error.", exception);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "A batch of {RequestCount} requests for model {ModelName} version {ModelVersion} failed; running each alone")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string modelName, int modelVersion, int requestCount);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "A request for model {ModelName} version {ModelVersion} failed to run")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string modelName, int modelVersion);
}
