namespace Maas.Runtime;

/// <summary>
/// A request on its way through a version's queue. It holds a lease on the loaded version from the moment it is
/// created until it is finished (run, failed, cancelled while queued or never queued), so the session cannot be
/// disposed under it even when its caller has stopped waiting.
/// </summary>
internal sealed class PendingRequest(PreparedRequest request, Action releaseLease, long enqueuedTimestamp)
{
    private readonly TaskCompletionSource<InferenceResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _finished;

    public PreparedRequest Request { get; } = request;

    /// <summary>When the request entered the queue, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long EnqueuedTimestamp { get; } = enqueuedTimestamp;

    /// <summary>The request's node while it is queued; owned by the scheduler and guarded by its lock.</summary>
    public LinkedListNode<PendingRequest>? Node { get; set; }

    /// <summary>Removes the request from the queue when its caller cancels; set before it is queued.</summary>
    public CancellationTokenRegistration Registration { get; set; }

    public Task<InferenceResult> Completion => _completion.Task;

    public TimeSpan QueueTime { get; set; }

    public TimeSpan ComputeInputTime { get; private set; }

    public TimeSpan ComputeInferTime { get; private set; }

    public TimeSpan ComputeOutputTime { get; private set; }

    public void Succeed(InferenceResult result, TimeSpan input, TimeSpan infer, TimeSpan output)
    {
        ComputeInputTime = input;
        ComputeInferTime = infer;
        ComputeOutputTime = output;
        Finish();
        _completion.TrySetResult(result);
    }

    public void Fail(Exception exception)
    {
        Finish();
        _completion.TrySetException(exception);
    }

    public void Cancel(CancellationToken cancellationToken)
    {
        Finish();
        _completion.TrySetCanceled(cancellationToken);
    }

    /// <summary>Releases the lease of a request that never made it into the queue.</summary>
    public void Abandon() => Finish();

    private void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            // Unregister, not Dispose: this may run inside the cancellation callback itself.
            Registration.Unregister();
            releaseLease();
        }
    }
}
