namespace Maas.Runtime;

public sealed partial class ModelHost
{
    private int _sessionsCreating;
    private long _creationEpoch;

    /// <summary>Reads the process's resident memory, in bytes; tests replace it to script what a load costs.</summary>
    internal Func<long> ResidentBytes { get; set; } = ProcessMemory.ResidentBytes;

    /// <summary>
    /// Runs <paramref name="create"/> (session creation and warm-up) and returns what the process grew by meanwhile,
    /// or <c>null</c> when another session was being created at any moment of it: the growth would mix both loads,
    /// and since loads are rare the estimate standing for an overlapping one is the cheaper answer than making loads
    /// wait for each other.
    /// </summary>
    private (LoadedModel Model, long? GrowthBytes) CreateMeasured(Func<LoadedModel> create)
    {
        var alone = Interlocked.Increment(ref _sessionsCreating) == 1;
        var epoch = Interlocked.Increment(ref _creationEpoch);
        try
        {
            var before = ResidentBytes();
            var model = create();
            var after = ResidentBytes();
            alone &= Interlocked.Read(ref _creationEpoch) == epoch;
            return (model, alone ? Math.Max(0, after - before) : null);
        }
        finally
        {
            Interlocked.Decrement(ref _sessionsCreating);
        }
    }

    /// <summary>
    /// Counts the larger of the estimate and the measured growth against the budget, correcting only upward: memory
    /// the allocator kept from an evicted session can make a load look cheaper than it is, never dearer. When the
    /// correction takes the host over its budget, idle versions are evicted, least recently used first, until it
    /// fits or none is left. Called under the gate; returns the versions to dispose outside it.
    /// </summary>
    private List<LoadedModel> AccountMeasured(ModelEntry entry, LoadedModel model, long? growthBytes)
    {
        if (growthBytes is not { } measured || measured <= model.MemoryBytes)
        {
            return [];
        }

        LogMeasured(_logger, entry.Key.Name, entry.Key.Version, measured, model.MemoryBytes);
        _memoryInUse += measured - model.MemoryBytes;
        model.MemoryBytes = measured;
        List<LoadedModel> evicted = [];
        var idle = _entries.Values
            .Where(e => e != entry && e.Loaded is { IsIdle: true } && e.LoadWaiters == 0)
            .OrderBy(e => e.LastUsedSequence);
        foreach (var victim in idle)
        {
            if (_memoryInUse <= _options.MemoryBudgetBytes)
            {
                break;
            }

            var loaded = victim.Loaded!;
            victim.Loaded = null;
            victim.State = ModelLoadState.Unloaded;
            _memoryInUse -= loaded.MemoryBytes;
            evicted.Add(loaded);
            LogEvicted(_logger, victim.Key.Name, victim.Key.Version, loaded.MemoryBytes, entry.Key.Name, entry.Key.Version);
        }

        return evicted;
    }
}
