namespace Maas.Server.Inference;

/// <summary>One line of the repository index: a registered version and its load state (Triton's state names).</summary>
internal sealed record RepositoryEntry(string Name, int Version, string State, string? Reason);
