namespace Maas.Core.Registry;

/// <summary>The body of <c>POST /api/v1/models</c>.</summary>
public sealed record CreateModelRequest(
    string Name,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    IReadOnlyList<string>? Labels = null);
