using Maas.Core.Registry;

namespace Maas.Client;

/// <summary>The body of <c>GET /api/v1/models/{name}/versions</c>.</summary>
internal sealed record VersionList(IReadOnlyList<ModelVersionInfo> Versions);
