using Maas.Core;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Maas.Runtime;

/// <summary>
/// One loaded version: its session, its executor and its request scheduler. Requests hold leases on it; the host
/// evicts it only when no lease is held and unloads it only after the last lease is released. Disposal is
/// idempotent and waits for running executions before it releases the session.
/// </summary>
internal sealed class LoadedModel : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly InferenceSession _session;
    private readonly BatchExecutor _executor;
    private readonly RequestScheduler _scheduler;
    private int _leases;
    private TaskCompletionSource? _idle;
    private Task? _disposal;

    private LoadedModel(ModelKey key, ModelDefinition definition, long memoryBytes, InferenceSession session, BatchExecutor executor, RequestScheduler scheduler)
    {
        Key = key;
        Definition = definition;
        MemoryBytes = memoryBytes;
        _session = session;
        _executor = executor;
        _scheduler = scheduler;
    }

    public ModelKey Key { get; }

    /// <summary>The signature and settings this version was loaded with; requests are checked against it until it is unloaded.</summary>
    public ModelDefinition Definition { get; }

    /// <summary>
    /// The footprint counted against the host's budget: the estimate, raised to what the load was measured to cost
    /// when that was more. Changed only under the host's gate.
    /// </summary>
    public long MemoryBytes { get; set; }

    public bool IsBatching => _scheduler.IsBatching;

    /// <summary>Whether no request holds a lease; read under the host's lock, where leases are taken.</summary>
    public bool IsIdle => Volatile.Read(ref _leases) == 0;

    /// <summary>
    /// Creates the session, checks the signature against the graph, warms up when asked and starts the workers.
    /// Blocks for as long as ONNX Runtime takes; call it off the request path.
    /// </summary>
    public static LoadedModel Create(
        ModelKey key,
        byte[] artifact,
        ModelDefinition definition,
        ModelHostOptions options,
        long memoryBytes,
        ModelStatistics statistics,
        InferenceEvents events,
        TimeProvider timeProvider,
        ILogger logger)
    {
        var (signature, config) = definition;
        // Before the session exists: a declared shape of terabytes must fail here, not in warm-up's allocation.
        SignatureLimits.Check(signature, options.MaxTensorElements);
        var session = SessionFactory.Create(artifact, options, config);
        BatchExecutor? executor = null;
        try
        {
            SignatureCheck.Verify(session, signature);
            var inputNames = signature.Inputs.Select(s => s.Name).ToArray();
            executor = new BatchExecutor(key, session, inputNames, statistics, events, timeProvider, logger);
            if (options.Warmup)
            {
                Warmup(executor, signature);
            }

            var batching = config.MaxBatchSize > 1 && RequestValidator.IsBatchShaped(signature);
            var scheduler = new RequestScheduler(key, executor, config, batching, events, timeProvider);
            return new LoadedModel(key, definition, memoryBytes, session, executor, scheduler);
        }
        catch
        {
            executor?.Dispose();
            session.Dispose();
            throw;
        }
    }

    /// <summary>Called whenever the last lease is released, so a load waiting for memory can evict this version.</summary>
    public Action? BecameIdle { get; set; }

    public void AddLease() => Interlocked.Increment(ref _leases);

    public void ReleaseLease()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            Volatile.Read(ref _idle)?.TrySetResult();
            BecameIdle?.Invoke();
        }
    }

    /// <summary>Queues a request that already holds a lease; on failure the lease is released.</summary>
    public void Enqueue(PendingRequest request, CancellationToken cancellationToken)
    {
        try
        {
            _scheduler.Enqueue(request, cancellationToken);
        }
        catch
        {
            request.Abandon();
            throw;
        }
    }

    /// <summary>Completes when no lease is held. Call only once the model is detached, so no new lease can appear.</summary>
    public Task WaitIdleAsync()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _idle, idle);
        if (Volatile.Read(ref _leases) == 0)
        {
            idle.TrySetResult();
        }

        return idle.Task;
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposal ??= DisposeCoreAsync();
            return new ValueTask(_disposal);
        }
    }

    private async Task DisposeCoreAsync()
    {
        await _scheduler.DisposeAsync();
        _executor.Dispose();
        _session.Dispose();
    }

    private static void Warmup(BatchExecutor executor, ModelSignature signature)
    {
        try
        {
            executor.RunUnrecorded(WarmupRequest.Create(signature));
        }
        catch (OnnxRuntimeException ex)
        {
            throw MaasException.InvalidModel($"The warm-up inference failed: {ex.Message}");
        }
    }
}
