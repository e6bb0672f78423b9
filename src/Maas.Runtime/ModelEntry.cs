using Maas.Core;

namespace Maas.Runtime;

/// <summary>
/// What the host knows about one version across its loads. Everything but <see cref="Statistics"/> is guarded by
/// the host's lock.
/// </summary>
internal sealed class ModelEntry(ModelKey key)
{
    public ModelKey Key { get; } = key;

    public ModelStatistics Statistics { get; } = new();

    public ModelLoadState State { get; set; }

    /// <summary>Why the last load failed, for <see cref="ModelStatus.Reason"/>.</summary>
    public string? Reason { get; set; }

    /// <summary>The remembered failure of the last load; rethrown to requests until the retry delay passes.</summary>
    public MaasException? Failure { get; set; }

    public DateTimeOffset FailedAt { get; set; }

    /// <summary>Whether the last failure was the memory budget, which may clear at any moment: retry at once.</summary>
    public bool RetryAtOnce { get; set; }

    /// <summary>The load in progress; every caller awaits this one task.</summary>
    public Task<LoadedModel>? LoadTask { get; set; }

    /// <summary>Memory reserved for the load in progress.</summary>
    public long ReservedBytes { get; set; }

    /// <summary>The loaded version that takes new requests.</summary>
    public LoadedModel? Loaded { get; set; }

    /// <summary>A detached version finishing its in-flight requests before it is disposed.</summary>
    public LoadedModel? Draining { get; set; }

    public DateTimeOffset? LastUsed { get; set; }

    /// <summary>Orders entries by last use for eviction; a counter, not a clock, so ties cannot happen.</summary>
    public long LastUsedSequence { get; set; }

    /// <summary>
    /// Requests waiting for this version's load to finish, under the host's gate. A freshly loaded version with
    /// waiters is not evicted before they take their leases, or under a full budget loads would evict each other's
    /// results and the requests would fail.
    /// </summary>
    public int LoadWaiters { get; set; }

    public ModelStatus ToStatus() => new(
        Key,
        State,
        State == ModelLoadState.Unavailable ? Reason : null,
        (Loaded?.MemoryBytes ?? 0) + (LoadTask is not null ? ReservedBytes : 0) + (Draining?.MemoryBytes ?? 0),
        LastUsed);
}
