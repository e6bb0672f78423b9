using Microsoft.Extensions.Logging;

namespace Maas.Runtime;

public sealed partial class ModelHost
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Loading model {ModelName} version {ModelVersion}")]
    private static partial void LogLoading(ILogger logger, string modelName, int modelVersion);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Loaded model {ModelName} version {ModelVersion} in {Elapsed}; estimated {MemoryBytes} bytes; dynamic batching {Batching}")]
    private static partial void LogLoaded(ILogger logger, string modelName, int modelVersion, long memoryBytes, TimeSpan elapsed, bool batching);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Model {ModelName} version {ModelVersion} failed to load: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string modelName, int modelVersion, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Evicted idle model {ModelName} version {ModelVersion} ({MemoryBytes} bytes) to make room for {ForModelName} version {ForModelVersion}")]
    private static partial void LogEvicted(ILogger logger, string modelName, int modelVersion, long memoryBytes, string forModelName, int forModelVersion);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Unloaded model {ModelName} version {ModelVersion}")]
    private static partial void LogUnloaded(ILogger logger, string modelName, int modelVersion);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Loading model {ModelName} version {ModelVersion} grew the process by {MeasuredBytes} bytes, more than its estimate of {EstimatedBytes}; the budget counts the measurement")]
    private static partial void LogMeasured(ILogger logger, string modelName, int modelVersion, long measuredBytes, long estimatedBytes);
}
