namespace Maas.Core.Registry;

/// <summary>
/// The body of <c>PATCH /api/v1/models/{name}</c>. A property left out (or <c>null</c>) keeps its value; one given
/// replaces it whole. An empty <see cref="Labels"/> list clears the labels.
/// </summary>
public sealed record UpdateModelRequest(
    string? Description = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyList<string>? Labels = null);
