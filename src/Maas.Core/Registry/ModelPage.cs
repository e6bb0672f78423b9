namespace Maas.Core.Registry;

/// <summary>One page of models, ordered by name.</summary>
/// <param name="Models">The models on this page.</param>
/// <param name="NextPageToken">Pass as <c>pageToken</c> to get the next page; <c>null</c> on the last page.</param>
public sealed record ModelPage(IReadOnlyList<ModelInfo> Models, string? NextPageToken);
