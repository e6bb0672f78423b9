namespace Maas.Runtime;

/// <summary>A model version's state in the host.</summary>
/// <param name="Key">The version.</param>
/// <param name="State">Its load state.</param>
/// <param name="Reason">Why it is <see cref="ModelLoadState.Unavailable"/>; <c>null</c> otherwise.</param>
/// <param name="MemoryBytes">The estimated memory it holds, in bytes; 0 when not loaded.</param>
/// <param name="LastUsed">When a request last used it (UTC); <c>null</c> when never.</param>
public sealed record ModelStatus(ModelKey Key, ModelLoadState State, string? Reason, long MemoryBytes, DateTimeOffset? LastUsed);
