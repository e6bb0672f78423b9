using Maas.Core;

namespace Maas.Runtime;

/// <summary>
/// The bounded queue of one loaded version and its workers (one per instance). A worker takes the oldest request
/// and, when batching, gathers compatible requests until the batch holds <see cref="ModelRuntimeConfig.MaxBatchSize"/>
/// rows or the oldest request has waited <see cref="ModelRuntimeConfig.QueueDelay"/>; then it runs the batch.
/// Only one worker forms a batch at a time, so idle workers do not split the arrivals between them. Queue-depth
/// events are raised under the queue's lock, so a metrics gauge sees them in order.
/// <para>
/// Without a batching window (natural batching, or no batching at all) a request that finds the queue empty and an
/// execution slot free runs at once on the caller's thread: no hand-off to a worker and back. Requests that arrive
/// while every slot is busy queue up and a worker runs them as the next batch. Executions, inline or by a worker,
/// never exceed <see cref="ModelRuntimeConfig.InstanceCount"/>.
/// </para>
/// </summary>
internal sealed class RequestScheduler : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<PendingRequest> _queue = new();
    private readonly SemaphoreSlim _forming = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ModelKey _key;
    private readonly BatchExecutor _executor;
    private readonly InferenceEvents _events;
    private readonly TimeProvider _timeProvider;
    private readonly bool _batching;
    private readonly int _maxBatchRows;
    private readonly TimeSpan _queueDelay;
    private readonly int _maxQueueSize;
    private readonly Task[] _workers;
    private readonly bool _inline;
    private TaskCompletionSource _arrival = NewSignal();
    private TaskCompletionSource _slotFreed = NewSignal();
    private TaskCompletionSource? _drained;
    private int _executing;
    private bool _batchWaiting;
    private bool _stopped;
    private int _disposed;

    public RequestScheduler(ModelKey key, BatchExecutor executor, ModelRuntimeConfig config, bool batching, InferenceEvents events, TimeProvider timeProvider)
    {
        _key = key;
        _executor = executor;
        _events = events;
        _timeProvider = timeProvider;
        _batching = batching;
        _maxBatchRows = config.MaxBatchSize;
        _queueDelay = config.QueueDelay;
        _maxQueueSize = config.MaxQueueSize;
        _inline = !batching || config.QueueDelay == TimeSpan.Zero;
        _workers = new Task[config.InstanceCount];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = Task.Run(RunWorkerAsync);
        }
    }

    public bool IsBatching => _batching;

    /// <summary>
    /// Queues a request, or throws <see cref="ErrorCode.Unavailable"/> at once when the queue is full. Cancelling
    /// <paramref name="cancellationToken"/> removes the request while it is still queued.
    /// </summary>
    public void Enqueue(PendingRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_inline && TryRunInline(request))
        {
            return;
        }

        // Registered before the request is visible to workers, so the registration is in place before anyone can
        // finish the request; a cancellation that fires early finds no node and the check below throws.
        request.Registration = cancellationToken.Register(static state =>
        {
            var (scheduler, pending, token) = ((RequestScheduler, PendingRequest, CancellationToken))state!;
            scheduler.TryCancel(pending, token);
        }, (this, request, cancellationToken));

        TaskCompletionSource signal;
        lock (_lock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_stopped)
            {
                throw new MaasException(ErrorCode.Unavailable, $"Model '{_key.Name}' version {_key.Version} is being unloaded; retry the request.");
            }

            if (_queue.Count >= _maxQueueSize)
            {
                throw new MaasException(
                    ErrorCode.Unavailable,
                    $"The queue of model '{_key.Name}' version {_key.Version} is full ({_maxQueueSize} requests waiting); retry later.");
            }

            request.Node = _queue.AddLast(request);
            _events.QueueDepth(_key, _queue.Count);
            signal = _arrival;
            _arrival = NewSignal();
        }

        signal.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        List<PendingRequest> orphans;
        lock (_lock)
        {
            _stopped = true;
            orphans = [.. _queue];
            foreach (var request in orphans)
            {
                request.Node = null;
            }

            _queue.Clear();
            if (orphans.Count > 0)
            {
                _events.QueueDepth(_key, 0);
            }
        }

        await _stopping.CancelAsync();
        foreach (var request in orphans)
        {
            request.Fail(new MaasException(ErrorCode.Unavailable, $"Model '{_key.Name}' version {_key.Version} was unloaded before the request ran; retry it."));
        }

        // Workers and inline executions finish the batch they are running; the session is disposed only after this.
        await Task.WhenAll(_workers);
        Task? drained = null;
        lock (_lock)
        {
            if (_executing > 0)
            {
                _drained = NewSignal();
                drained = _drained.Task;
            }
        }

        if (drained is not null)
        {
            await drained;
        }

        _stopping.Dispose();
        _forming.Dispose();
    }

    private void TryCancel(PendingRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (request.Node is null)
            {
                return;
            }

            _queue.Remove(request.Node);
            request.Node = null;
            _events.QueueDepth(_key, _queue.Count);
        }

        request.Cancel(cancellationToken);
    }

    private async Task RunWorkerAsync()
    {
        var stopping = _stopping.Token;
        var batch = new List<PendingRequest>();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _forming.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await FormBatchAsync(batch, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping while waiting for a first request: nothing was taken.
            }
            finally
            {
                _forming.Release();
            }

            if (batch.Count > 0)
            {
                await AcquireSlotAsync();
                try
                {
                    Execute(batch);
                }
                finally
                {
                    batch.Clear();
                    ReleaseSlot();
                }
            }
        }
    }

    // Runs the request on the caller's thread when nothing is queued ahead of it and a slot is free.
    private bool TryRunInline(PendingRequest request)
    {
        lock (_lock)
        {
            if (_stopped || _queue.Count > 0 || _batchWaiting || _executing >= _workers.Length)
            {
                return false;
            }

            _executing++;
        }

        var batch = _inlineBatch ??= new List<PendingRequest>(1);
        batch.Add(request);
        try
        {
            Execute(batch);
        }
        finally
        {
            batch.Clear();
            ReleaseSlot();
        }

        return true;
    }

    // A worker holding a formed batch waits here for a slot; not cancellable, since the batch must run either way.
    private async Task AcquireSlotAsync()
    {
        while (true)
        {
            Task freed;
            lock (_lock)
            {
                if (_executing < _workers.Length)
                {
                    _executing++;
                    _batchWaiting = false;
                    return;
                }

                _batchWaiting = true;
                freed = _slotFreed.Task;
            }

            await freed;
        }
    }

    private void ReleaseSlot()
    {
        TaskCompletionSource? freed = null;
        TaskCompletionSource? drained = null;
        lock (_lock)
        {
            _executing--;
            if (_batchWaiting)
            {
                freed = _slotFreed;
                _slotFreed = NewSignal();
            }

            if (_executing == 0)
            {
                drained = _drained;
            }
        }

        freed?.TrySetResult();
        drained?.TrySetResult();
    }

    private void Execute(List<PendingRequest> batch)
    {
        try
        {
            _executor.Execute(batch);
        }
        catch (Exception ex)
        {
            // The executor completes every request itself; this only keeps a bug from killing the worker and
            // leaving callers waiting forever.
            foreach (var request in batch)
            {
                request.Fail(new MaasException(ErrorCode.Internal, $"Model '{_key.Name}' version {_key.Version} failed to run because of an unexpected error.", ex));
            }
        }
    }

    private async Task FormBatchAsync(List<PendingRequest> batch, CancellationToken stopping)
    {
        var first = await TakeFirstAsync(stopping);
        batch.Add(first);
        var rows = first.Request.Rows;
        if (!_batching || !first.Request.Batchable || rows >= _maxBatchRows)
        {
            return;
        }

        // The window counts from when the oldest request was queued, so no request waits more than the delay for
        // company, even when it queued while the workers were busy.
        var remaining = _queueDelay - _timeProvider.GetElapsedTime(first.EnqueuedTimestamp);
        using var windowCancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var window = remaining > TimeSpan.Zero ? Task.Delay(remaining, _timeProvider, windowCancellation.Token) : Task.CompletedTask;
        try
        {
            while (true)
            {
                Task arrival;
                lock (_lock)
                {
                    rows = Gather(first.Request, batch, rows);
                    arrival = _arrival.Task;
                }

                if (rows >= _maxBatchRows || window.IsCompleted)
                {
                    return;
                }

                await Task.WhenAny(window, arrival);
            }
        }
        finally
        {
            await windowCancellation.CancelAsync();
        }
    }

    private async Task<PendingRequest> TakeFirstAsync(CancellationToken stopping)
    {
        while (true)
        {
            Task arrival;
            lock (_lock)
            {
                if (_queue.First is { } node)
                {
                    _queue.RemoveFirst();
                    node.Value.Node = null;
                    _events.QueueDepth(_key, _queue.Count);
                    return node.Value;
                }

                arrival = _arrival.Task;
            }

            await arrival.WaitAsync(stopping);
        }
    }

    // Takes queued requests compatible with the first, oldest first, while they fit; the rest stay queued in order.
    private int Gather(PreparedRequest first, List<PendingRequest> batch, int rows)
    {
        var node = _queue.First;
        while (node is not null && rows < _maxBatchRows)
        {
            var next = node.Next;
            var request = node.Value.Request;
            if (rows + request.Rows <= _maxBatchRows && first.IsCompatibleWith(request))
            {
                _queue.Remove(node);
                node.Value.Node = null;
                batch.Add(node.Value);
                rows += request.Rows;
                _events.QueueDepth(_key, _queue.Count);
            }

            node = next;
        }

        return rows;
    }

    [ThreadStatic]
    private static List<PendingRequest>? _inlineBatch;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
