using Maas.Core.Registry;

namespace Maas.Client;

public sealed partial class MaasClient
{
    /// <summary>Lists a model's versions, newest first (<c>GET /api/v1/models/{name}/versions</c>).</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The model does not exist (404), among others.</exception>
    public async Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        var list = await SendForJsonAsync<VersionList>(new HttpRequestMessage(HttpMethod.Get, ResourcePath.Versions(name)), cancellationToken)
            .ConfigureAwait(false);
        return list.Versions ?? [];
    }

    /// <summary>Gets one version: its digest, size, signature and aliases (<c>GET /api/v1/models/{name}/versions/{version}</c>).</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The model or version does not exist (404), among others.</exception>
    public Task<ModelVersionInfo> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<ModelVersionInfo>(new HttpRequestMessage(HttpMethod.Get, ResourcePath.Version(name, version)), cancellationToken);

    /// <summary>
    /// Deletes a version (<c>DELETE /api/v1/models/{name}/versions/{version}</c>). Its number is never reused, and
    /// its artefact is removed once no other version shares it.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">
    /// The version does not exist (404) or an alias points at it (409, the detail names the alias), among others.
    /// </exception>
    public Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, ResourcePath.Version(name, version)), cancellationToken);
}
