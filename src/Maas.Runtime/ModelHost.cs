using Maas.Core;
using Maas.Core.Inference;
using Microsoft.Extensions.Logging;

namespace Maas.Runtime;

/// <summary>
/// Owns the ONNX Runtime sessions of all loaded model versions. A version loads on first use or by
/// <see cref="LoadAsync"/>, warms up before it reports ready, and is evicted (least recently used, idle only) when
/// another needs room under <see cref="ModelHostOptions.MemoryBudgetBytes"/>. Each loaded version has a bounded
/// queue and, for models whose first dimension is symbolic, a dynamic batcher.
/// </summary>
/// <remarks>
/// <para>
/// The host keeps a catalogue of what it serves: each loaded version carries the <see cref="ModelDefinition"/>
/// (signature and serving settings) it was loaded with, taken from the <see cref="IModelSource"/> at load time. A
/// request to a loaded version is checked against that definition and does no lookup at all; a settings change made
/// meanwhile reaches the version's next load.
/// </para>
/// <para>
/// Requests hold a lease on the version that takes them, so when the caller moves an alias to a new version, new
/// requests go to the new one while requests already accepted finish on the old. The host is thread-safe. Disposing
/// it fails queued requests, waits for running executions and releases every session; the model source, the
/// logger factory and the observer are owned by the caller and are not disposed.
/// </para>
/// </remarks>
public sealed partial class ModelHost : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ModelKey, ModelEntry> _entries = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ModelHostOptions _options;
    private readonly IModelSource _source;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly InferenceEvents _events;
    private long _memoryInUse;
    private long _useSequence;
    private int _loadsStarted;
    private int _disposed;

    /// <summary>Creates a host; <paramref name="options"/> are validated here and copied, so later changes have no effect.</summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> break a rule of <see cref="ModelHostOptionsValidator"/>; the message names the setting.</exception>
    /// <param name="options">Process-wide settings.</param>
    /// <param name="source">Where versions' definitions and artefacts are read from.</param>
    /// <param name="timeProvider">The clock for batching windows, statistics and retry delays.</param>
    /// <param name="loggerFactory">Creates the host's logger.</param>
    /// <param name="observer">Receives per-request, per-batch and queue-depth events for metrics; may be <c>null</c>.</param>
    public ModelHost(ModelHostOptions options, IModelSource source, TimeProvider timeProvider, ILoggerFactory loggerFactory, IInferenceObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (new ModelHostOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new ArgumentException(invalid.FailureMessage, nameof(options));
        }

        _options = options with { };
        _source = source;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<ModelHost>();
        _events = new InferenceEvents(observer, _logger);
    }

    /// <summary>The memory budget in bytes, from <see cref="ModelHostOptions.MemoryBudgetBytes"/>.</summary>
    public long MemoryBudgetBytes => _options.MemoryBudgetBytes;

    /// <summary>The estimated memory, in bytes, held by loaded, loading and unloading versions.</summary>
    public long MemoryInUseBytes
    {
        get
        {
            lock (_gate)
            {
                return _memoryInUse;
            }
        }
    }

    /// <summary>How many loads have started, for tests of load coalescing.</summary>
    internal int LoadsStarted => Volatile.Read(ref _loadsStarted);

    /// <summary>
    /// Runs one inference request, loading the version first if needed. The request is validated against the
    /// version's signature before it is queued, so a bad request fails alone with <see cref="ErrorCode.InvalidArgument"/>
    /// (and, for a version not loaded, without loading it); a full queue or a failed load fails it with
    /// <see cref="ErrorCode.Unavailable"/>.
    /// </summary>
    /// <param name="key">The version to run.</param>
    /// <param name="inputs">One tensor per signature input, in any order. The host keeps no reference after returning.</param>
    /// <param name="outputs">The outputs to return, in order; <c>null</c> or empty for all, in signature order.</param>
    /// <param name="cancellationToken">Stops waiting; a request still queued is removed from the queue.</param>
    public async Task<InferenceResult> InferAsync(
        ModelKey key,
        IReadOnlyList<InferTensor> inputs,
        IReadOnlyList<string>? outputs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(inputs);
        var entry = GetEntry(key, out var loaded);
        var started = _timeProvider.GetTimestamp();
        PendingRequest? pending = null;
        var rows = 1;
        try
        {
            // A loaded version answers with the definition it was loaded with. Only a version that has to load asks
            // the source, and checks the request before loading, so a bad request never starts a load.
            var definition = loaded?.Definition ?? await GetDefinitionAsync(key, cancellationToken);
            var prepared = RequestValidator.Prepare(definition.Signature, inputs, outputs);
            rows = prepared.Rows;
            var model = loaded ?? await AcquireAsync(entry, definition, cancellationToken);
            pending = new PendingRequest(prepared, model.ReleaseLease, _timeProvider.GetTimestamp());
            loaded = null; // the pending request owns the lease now
            model.Enqueue(pending, cancellationToken);
            // A request that ran inline is already complete: awaiting it directly skips WaitAsync's cancellation promise.
            var completion = pending.Completion;
            var result = completion.IsCompleted ? await completion : await completion.WaitAsync(cancellationToken);
            var total = _timeProvider.GetElapsedTime(started);
            entry.Statistics.RecordSuccess(_timeProvider.GetUtcNow(), total, pending);
            var compute = pending.ComputeInputTime + pending.ComputeInferTime + pending.ComputeOutputTime;
            _events.Inference(key, new InferenceOutcome(true, pending.QueueTime, compute, total, rows));
            return result;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Only validation can fail between the up-front lease and the pending request taking it over.
            loaded?.ReleaseLease();
            var total = _timeProvider.GetElapsedTime(started);
            entry.Statistics.RecordFailure(_timeProvider.GetUtcNow(), total);
            _events.Inference(key, new InferenceOutcome(false, pending?.QueueTime ?? TimeSpan.Zero, TimeSpan.Zero, total, rows));
            throw;
        }
    }

    /// <summary>
    /// Loads a version and warms it up; returns when it is ready. The version's definition is read from the source
    /// and validated first, so invalid settings fail with <see cref="ErrorCode.InvalidArgument"/> and start no load.
    /// Concurrent loads of one version share one load. A previously failed version is tried again. Throws
    /// <see cref="ErrorCode.Unavailable"/> with the reason when the load fails.
    /// </summary>
    /// <param name="key">The version to load.</param>
    /// <param name="cancellationToken">Stops waiting; the load itself continues for other callers.</param>
    public async Task LoadAsync(ModelKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var definition = await GetDefinitionAsync(key, cancellationToken);
        var entry = GetEntry(key);
        Task<LoadedModel> load;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (entry.Loaded is not null)
            {
                return;
            }

            load = GetOrStartLoad(entry, definition, explicitLoad: true);
        }

        await load.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops a loaded version taking requests, waits for the requests it has accepted to finish, and releases its
    /// session. Returns <c>false</c> when the version is not loaded. A request arriving meanwhile loads it anew.
    /// </summary>
    /// <param name="key">The version to unload.</param>
    /// <param name="cancellationToken">Stops waiting; the unload still completes in the background.</param>
    public async Task<bool> UnloadAsync(ModelKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ModelEntry? entry;
        Task<LoadedModel>? loading;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (!_entries.TryGetValue(key, out entry))
            {
                return false;
            }

            loading = entry.LoadTask;
        }

        if (loading is not null)
        {
            // Let a load in progress finish, so that unloading means "not loaded afterwards".
            await Task.WhenAny(loading).WaitAsync(cancellationToken);
        }

        LoadedModel? model;
        lock (_gate)
        {
            model = entry.Loaded;
            if (model is null)
            {
                return false;
            }

            entry.Loaded = null;
            entry.Draining = model;
            entry.State = ModelLoadState.Unloading;
        }

        await DrainAndDisposeAsync(entry, model).WaitAsync(cancellationToken);
        return true;
    }

    /// <summary>The state of one version; <see cref="ModelLoadState.Unloaded"/> for a version the host has never seen.</summary>
    public ModelStatus GetStatus(ModelKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry)
                ? entry.ToStatus()
                : new ModelStatus(key, ModelLoadState.Unloaded, null, 0, null);
        }
    }

    /// <summary>The state of every version the host has seen, ordered by name and version.</summary>
    public IReadOnlyList<ModelStatus> ListStatuses()
    {
        lock (_gate)
        {
            return _entries.Values
                .Select(e => e.ToStatus())
                .OrderBy(s => s.Key.Name, StringComparer.Ordinal)
                .ThenBy(s => s.Key.Version)
                .ToArray();
        }
    }

    /// <summary>A version's statistics since the host started; all zeros for a version never used.</summary>
    public ModelStatisticsSnapshot GetStatistics(ModelKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry) ? entry.Statistics.Snapshot(key) : ModelStatistics.Empty(key);
        }
    }

    /// <summary>Fails queued requests, waits for running executions and loads, and releases every session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        List<Task> loads = [];
        List<LoadedModel> models = [];
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.LoadTask is { } load)
                {
                    loads.Add(load);
                }

                if (entry.Loaded is { } model)
                {
                    models.Add(model);
                    _memoryInUse -= model.MemoryBytes;
                    entry.Loaded = null;
                    entry.State = ModelLoadState.Unloaded;
                }

                if (entry.Draining is { } draining)
                {
                    models.Add(draining);
                }
            }
        }

        // A load that finishes now sees the host disposed and releases its own session.
        await Task.WhenAll(loads.Select(l => (Task)Task.WhenAny(l)));
        foreach (var model in models)
        {
            await model.DisposeAsync();
        }

        _shutdown.Dispose();
    }

    private ModelEntry GetEntry(ModelKey key) => GetEntry(key, lease: false, out _);

    /// <summary>The version's entry and, when it is loaded, a lease on it: the common case costs one pass under the gate.</summary>
    private ModelEntry GetEntry(ModelKey key, out LoadedModel? leased) => GetEntry(key, lease: true, out leased);

    private ModelEntry GetEntry(ModelKey key, bool lease, out LoadedModel? leased)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new ModelEntry(key);
                _entries.Add(key, entry);
            }

            leased = lease ? entry.Loaded : null;
            if (leased is not null)
            {
                leased.AddLease();
                Touch(entry);
            }

            return entry;
        }
    }

    // Called under the gate.
    private void Touch(ModelEntry entry)
    {
        entry.LastUsed = _timeProvider.GetUtcNow();
        entry.LastUsedSequence = ++_useSequence;
    }

    private async Task DrainAndDisposeAsync(ModelEntry entry, LoadedModel model)
    {
        await model.WaitIdleAsync();
        await model.DisposeAsync();
        lock (_gate)
        {
            _memoryInUse -= model.MemoryBytes;
            if (ReferenceEquals(entry.Draining, model))
            {
                entry.Draining = null;
                if (entry.State == ModelLoadState.Unloading)
                {
                    entry.State = ModelLoadState.Unloaded;
                }
            }
        }

        SignalMemoryFreed();
        LogUnloaded(_logger, entry.Key.Name, entry.Key.Version);
    }
}
