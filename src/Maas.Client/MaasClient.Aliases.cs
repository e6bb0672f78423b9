using System.Net.Http.Json;
using Maas.Core.Registry;

namespace Maas.Client;

public sealed partial class MaasClient
{
    /// <summary>
    /// Points an alias (such as <c>production</c>) at a version, creating the alias or moving it in one atomic write
    /// (<c>PUT /api/v1/models/{name}/aliases/{alias}</c>).
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="alias">The alias: a valid name that contains at least one non-digit.</param>
    /// <param name="version">The version the alias should select.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The alias as stored.</returns>
    /// <exception cref="MaasApiException">The alias is not valid (400) or the model or version does not exist (404), among others.</exception>
    public Task<AliasInfo> SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<AliasInfo>(
            new HttpRequestMessage(HttpMethod.Put, ResourcePath.Alias(name, alias))
            {
                Content = JsonContent.Create(new SetAliasRequest(version), options: MaasJson.Options),
            },
            cancellationToken);

    /// <summary>Removes an alias; the version it pointed at is kept (<c>DELETE /api/v1/models/{name}/aliases/{alias}</c>).</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="alias">The alias to remove.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The model or alias does not exist (404), among others.</exception>
    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, ResourcePath.Alias(name, alias)), cancellationToken);
}
