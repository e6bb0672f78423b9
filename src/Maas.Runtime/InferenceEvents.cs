using Microsoft.Extensions.Logging;

namespace Maas.Runtime;

/// <summary>
/// Forwards events to the optional <see cref="IInferenceObserver"/>, so that a failing metrics sink is logged and
/// never breaks a worker or a request.
/// </summary>
internal sealed partial class InferenceEvents(IInferenceObserver? observer, ILogger logger)
{
    public void Inference(ModelKey key, InferenceOutcome outcome)
    {
        if (observer is null)
        {
            return;
        }

        try
        {
            observer.OnInference(key, outcome);
        }
        catch (Exception ex)
        {
            LogObserverFailed(logger, ex, nameof(IInferenceObserver.OnInference));
        }
    }

    public void Batch(ModelKey key, int rows)
    {
        if (observer is null)
        {
            return;
        }

        try
        {
            observer.OnBatch(key, rows);
        }
        catch (Exception ex)
        {
            LogObserverFailed(logger, ex, nameof(IInferenceObserver.OnBatch));
        }
    }

    public void QueueDepth(ModelKey key, int depth)
    {
        if (observer is null)
        {
            return;
        }

        try
        {
            observer.OnQueueDepth(key, depth);
        }
        catch (Exception ex)
        {
            LogObserverFailed(logger, ex, nameof(IInferenceObserver.OnQueueDepth));
        }
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "The inference observer threw from {Callback}; the event is dropped")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string callback);
}
