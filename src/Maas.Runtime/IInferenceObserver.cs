namespace Maas.Runtime;

/// <summary>
/// Receives serving events, for metrics. Calls come from request and worker threads, concurrently, and must return
/// quickly; an exception thrown here is logged and otherwise ignored.
/// </summary>
public interface IInferenceObserver
{
    /// <summary>Called once per request when it completes, successfully or not (cancelled requests are not reported).</summary>
    void OnInference(ModelKey key, InferenceOutcome outcome);

    /// <summary>Called once per execution with the number of rows it ran.</summary>
    void OnBatch(ModelKey key, int batchRows);

    /// <summary>
    /// Called when the number of requests queued for a loaded version changes. It is called while the queue is
    /// locked, so that depths arrive in order: it must not block or call back into the host.
    /// </summary>
    void OnQueueDepth(ModelKey key, int depth);
}
