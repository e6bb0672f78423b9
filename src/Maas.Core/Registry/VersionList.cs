namespace Maas.Core.Registry;

/// <summary>The body of <c>GET /api/v1/models/{name}/versions</c>: a model's versions, newest first.</summary>
/// <param name="Versions">Every version of the model, the highest version number first.</param>
public sealed record VersionList(IReadOnlyList<ModelVersionInfo> Versions);
