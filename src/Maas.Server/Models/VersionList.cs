using Maas.Core.Registry;

namespace Maas.Server.Models;

/// <summary>The body of <c>GET /api/v1/models/{name}/versions</c>: versions, newest first.</summary>
internal sealed record VersionList(IReadOnlyList<ModelVersionInfo> Versions);
