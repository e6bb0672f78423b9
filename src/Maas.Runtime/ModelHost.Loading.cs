using Maas.Core;
using Microsoft.ML.OnnxRuntime;

namespace Maas.Runtime;

public sealed partial class ModelHost
{
    // A version evicted between its load and the caller's lease is loaded again; this bounds that churn.
    private const int MaxAcquireAttempts = 3;

    /// <summary>
    /// The version's definition as the source has it now, validated once here: what a load started with it serves
    /// with until the version is unloaded or evicted. Only the way to a load comes here, never a request to a loaded version.
    /// </summary>
    private async Task<ModelDefinition> GetDefinitionAsync(ModelKey key, CancellationToken cancellationToken)
    {
        var definition = await _source.GetDefinitionAsync(key, cancellationToken);
        definition.Config.Validate();
        return definition;
    }

    /// <summary>
    /// Returns the loaded version with a lease taken for the caller, loading it first if needed with
    /// <paramref name="definition"/> (a load already in progress keeps the definition it started with).
    /// </summary>
    private async Task<LoadedModel> AcquireAsync(ModelEntry entry, ModelDefinition definition, CancellationToken cancellationToken)
    {
        LoadedModel? leased = null;
        for (var attempt = 1; ; attempt++)
        {
            Task<LoadedModel> load;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                if (entry.Loaded is { } model)
                {
                    model.AddLease();
                    Touch(entry);
                    return model;
                }

                if (attempt > MaxAcquireAttempts)
                {
                    throw new MaasException(
                        ErrorCode.Unavailable,
                        $"Model '{entry.Key.Name}' version {entry.Key.Version} was evicted before it could run; the memory budget is too small for the models in use.");
                }

                load = GetOrStartLoad(entry, definition, explicitLoad: false);
                entry.LoadWaiters++;
            }

            try
            {
                await load.WaitAsync(cancellationToken);
            }
            finally
            {
                bool lastWaiter;
                lock (_gate)
                {
                    entry.LoadWaiters--;
                    lastWaiter = entry.LoadWaiters == 0;
                    if (entry.Loaded is { } loaded && !cancellationToken.IsCancellationRequested && load.IsCompletedSuccessfully)
                    {
                        // Take the lease in the same critical section that stops protecting the version.
                        loaded.AddLease();
                        Touch(entry);
                        leased = loaded;
                    }
                }

                if (lastWaiter)
                {
                    // The version may now be evicted by a load waiting for memory.
                    SignalMemoryFreed();
                }
            }

            if (leased is not null)
            {
                return leased;
            }
        }
    }

    /// <summary>
    /// Joins the load in progress or starts one. Called under the gate. Within the retry delay after a failure, a
    /// request gets the remembered failure instead of a new attempt; an explicit load always tries again.
    /// </summary>
    private Task<LoadedModel> GetOrStartLoad(ModelEntry entry, ModelDefinition definition, bool explicitLoad)
    {
        if (entry.LoadTask is { } inProgress)
        {
            return inProgress;
        }

        if (!explicitLoad
            && entry is { State: ModelLoadState.Unavailable, Failure: { } failure, RetryAtOnce: false }
            && _timeProvider.GetUtcNow() - entry.FailedAt < _options.FailedLoadRetryDelay)
        {
            // A new exception per caller: one instance thrown on many threads would mix their stack traces.
            throw new MaasException(failure.Code, failure.Message);
        }

        entry.State = ModelLoadState.Loading;
        entry.Reason = null;
        entry.Failure = null;
        _loadsStarted++;
        var load = Task.Run(() => LoadCoreAsync(entry, definition));
        entry.LoadTask = load;
        return load;
    }

    private async Task<LoadedModel> LoadCoreAsync(ModelEntry entry, ModelDefinition definition)
    {
        var key = entry.Key;
        var started = _timeProvider.GetTimestamp();
        LogLoading(_logger, key.Name, key.Version);
        var budgetFailure = false;
        LoadedModel? model = null;
        try
        {
            byte[] artifact;
            var instances = definition.Config.InstanceCount;
            var stream = await _source.OpenAsync(key.Digest, _shutdown.Token);
            await using (stream)
            {
                // Reserve before reading when the size is known, so an artefact that cannot fit is not read at all.
                if (stream.CanSeek)
                {
                    budgetFailure = true;
                    await ReserveAsync(entry, MemoryEstimator.EstimateBytes(stream.Length - stream.Position, 0, instances));
                    budgetFailure = false;
                }

                artifact = await ReadArtifactAsync(stream, _shutdown.Token);
            }

            // The nodes are known only once the bytes are: the reservation grows by their share.
            var memoryBytes = MemoryEstimator.EstimateBytes(artifact.LongLength, _source.CountGraphNodes(artifact), instances);
            budgetFailure = true;
            await ReserveAsync(entry, memoryBytes);
            budgetFailure = false;

            (model, var growthBytes) = CreateMeasured(() => LoadedModel.Create(
                key, artifact, definition, _options, memoryBytes, entry.Statistics, _events, _timeProvider, _logger));
            model.BecameIdle = SignalMemoryFreed;
            List<LoadedModel> evicted;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                entry.LoadTask = null;
                entry.ReservedBytes = 0;
                entry.Loaded = model;
                entry.State = ModelLoadState.Ready;
                evicted = AccountMeasured(entry, model, growthBytes);
                Touch(entry);
            }

            // Idle, detached and unreachable by new requests: disposing them cannot disturb any request.
            foreach (var victim in evicted)
            {
                _ = victim.DisposeAsync().AsTask();
            }

            var elapsed = _timeProvider.GetElapsedTime(started);
            LogLoaded(_logger, key.Name, key.Version, model.MemoryBytes, elapsed, model.IsBatching);
            return model;
        }
        catch (Exception ex)
        {
            if (model is not null)
            {
                await model.DisposeAsync();
            }

            var reason = Describe(ex);
            var failure = new MaasException(ErrorCode.Unavailable, $"Model '{key.Name}' version {key.Version} failed to load: {reason}", ex);
            lock (_gate)
            {
                _memoryInUse -= entry.ReservedBytes;
                entry.ReservedBytes = 0;
                entry.LoadTask = null;
                entry.State = _disposed != 0 ? ModelLoadState.Unloaded : ModelLoadState.Unavailable;
                entry.Reason = reason;
                entry.Failure = failure;
                entry.FailedAt = _timeProvider.GetUtcNow();
                entry.RetryAtOnce = budgetFailure;
            }

            SignalMemoryFreed();

            LogLoadFailed(_logger, EscapedException.For(ex), key.Name, key.Version, reason);
            throw failure;
        }
    }

    private static async Task<byte[]> ReadArtifactAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (stream.CanSeek)
        {
            var length = stream.Length - stream.Position;
            if (length > Array.MaxLength)
            {
                throw MaasException.InvalidModel("The artefact is larger than 2 GB, which ONNX Runtime cannot load from memory.");
            }

            var buffer = new byte[length];
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            return buffer;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    /// <summary>
    /// A reason fit for the caller: domain and ONNX Runtime messages pass through (the session is created from
    /// memory, so they hold no server path); anything else is summarised and left to the log.
    /// </summary>
    private static string Describe(Exception exception)
    {
        var message = exception switch
        {
            MaasException or OnnxRuntimeException => exception.Message,
            ObjectDisposedException or OperationCanceledException => "the host is shutting down.",
            EndOfStreamException => "the artefact ended before its stated length.",
            IOException => "the artefact could not be read.",
            _ => "an unexpected error occurred; see the server log.",
        };
        message = OrtMessages.Clean(message);
        return message.EndsWith('.') ? message : message + ".";
    }
}
