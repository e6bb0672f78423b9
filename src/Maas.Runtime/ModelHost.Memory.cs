using Maas.Core;

namespace Maas.Runtime;

public sealed partial class ModelHost
{
    private TaskCompletionSource _memoryFreed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _memoryWaiters;

    /// <summary>
    /// Reserves <paramref name="needed"/> bytes in all for the version about to load (a second call grows the first
    /// reservation to the new total), the estimated footprint of a version about to load, evicting idle
    /// versions, least recently used first. When the budget is held by versions in use, waits for one of them to
    /// become idle (or for memory to be released) for up to <see cref="ModelHostOptions.MemoryWaitTimeout"/>.
    /// Throws <see cref="ErrorCode.Unavailable"/> when the version can never fit or the wait runs out.
    /// </summary>
    private async Task ReserveAsync(ModelEntry entry, long needed)
    {
        var started = _timeProvider.GetTimestamp();
        Interlocked.Increment(ref _memoryWaiters);
        try
        {
            while (true)
            {
                var (error, freed) = TryReserve(entry, needed);
                if (error is null)
                {
                    return;
                }

                var remaining = _options.MemoryWaitTimeout - _timeProvider.GetElapsedTime(started);
                if (freed is null || remaining <= TimeSpan.Zero)
                {
                    throw error;
                }

                try
                {
                    await freed.WaitAsync(remaining, _timeProvider, _shutdown.Token);
                }
                catch (TimeoutException)
                {
                    throw new MaasException(error.Code, $"{error.Message} No version in use became idle within {_options.MemoryWaitTimeout.TotalSeconds:0.#} s.");
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _memoryWaiters);
        }
    }

    /// <summary>
    /// One attempt at <see cref="ReserveAsync"/>. On failure returns the error and, when waiting could help (versions
    /// in use hold the memory), the signal that fires when memory may have been freed; it is taken under the gate,
    /// so a release after this attempt cannot be missed.
    /// </summary>
    private (MaasException? Error, Task? Freed) TryReserve(ModelEntry entry, long needed)
    {
        var budget = _options.MemoryBudgetBytes;
        List<LoadedModel> evicted = [];
        lock (_gate)
        {
            var extra = needed - entry.ReservedBytes;
            if (needed > budget)
            {
                return (new MaasException(
                    ErrorCode.Unavailable,
                    $"it needs an estimated {needed} bytes, more than the whole memory budget of {budget} bytes."), null);
            }

            if (_memoryInUse + extra > budget)
            {
                var idle = _entries.Values
                    .Where(e => e != entry && e.Loaded is { IsIdle: true } && e.LoadWaiters == 0)
                    .OrderBy(e => e.LastUsedSequence)
                    .ToList();
                var reclaimable = idle.Sum(e => e.Loaded!.MemoryBytes);
                if (_memoryInUse - reclaimable + extra > budget)
                {
                    return (new MaasException(
                        ErrorCode.Unavailable,
                        $"the memory budget of {budget} bytes would be exceeded: {_memoryInUse - reclaimable - entry.ReservedBytes} bytes are held by other versions in use or loading, and this version needs an estimated {needed} bytes."),
                        _memoryFreed.Task);
                }

                foreach (var victim in idle)
                {
                    if (_memoryInUse + extra <= budget)
                    {
                        break;
                    }

                    var model = victim.Loaded!;
                    victim.Loaded = null;
                    victim.State = ModelLoadState.Unloaded;
                    _memoryInUse -= model.MemoryBytes;
                    evicted.Add(model);
                    LogEvicted(_logger, victim.Key.Name, victim.Key.Version, model.MemoryBytes, entry.Key.Name, entry.Key.Version);
                }
            }

            _memoryInUse += extra;
            entry.ReservedBytes = needed;
        }

        // Idle, detached and unreachable by new requests: disposing them cannot disturb any request.
        foreach (var model in evicted)
        {
            _ = model.DisposeAsync().AsTask();
        }

        return (null, null);
    }

    /// <summary>
    /// Wakes loads waiting for memory: a version became idle or memory was released. Cheap when nobody waits, since
    /// it runs on every request's last lease release.
    /// </summary>
    private void SignalMemoryFreed()
    {
        if (Volatile.Read(ref _memoryWaiters) == 0)
        {
            return;
        }

        TaskCompletionSource freed;
        lock (_gate)
        {
            freed = _memoryFreed;
            _memoryFreed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        freed.TrySetResult();
    }
}
