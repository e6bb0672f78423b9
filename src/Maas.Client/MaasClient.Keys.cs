using System.Net.Http.Json;
using Maas.Core.Security;

namespace Maas.Client;

public sealed partial class MaasClient
{
    /// <summary>Creates an API key (<c>POST /api/v1/keys</c>, admin only).</summary>
    /// <param name="request">The role, the model-name scopes (for a publisher or consumer key), the expiry and a description.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>
    /// The new key with its secret in <see cref="CreatedApiKey.Key"/>. The server keeps only a hash of the secret and
    /// cannot show it again: store it now.
    /// </returns>
    /// <exception cref="MaasApiException">A scope or the expiry is not valid (400), or this client's key is not an admin key (403), among others.</exception>
    public Task<CreatedApiKey> CreateKeyAsync(CreateKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendForJsonAsync<CreatedApiKey>(
            new HttpRequestMessage(HttpMethod.Post, ResourcePath.Keys) { Content = JsonContent.Create(request, options: MaasJson.Options) },
            cancellationToken);
    }

    /// <summary>Lists every API key, oldest first, revoked and expired ones included, without secrets (<c>GET /api/v1/keys</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default) =>
        (await SendForJsonAsync<ApiKeyList>(new HttpRequestMessage(HttpMethod.Get, ResourcePath.Keys), cancellationToken).ConfigureAwait(false)).Keys;

    /// <summary>Shows one API key without its secret (<c>GET /api/v1/keys/{id}</c>).</summary>
    /// <param name="id">The key's id, the part between <c>maas_</c> and the secret.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">There is no key with this id (404), among others.</exception>
    public Task<ApiKeyInfo> GetKeyAsync(string id, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<ApiKeyInfo>(new HttpRequestMessage(HttpMethod.Get, ResourcePath.Key(id)), cancellationToken);

    /// <summary>
    /// Revokes an API key (<c>DELETE /api/v1/keys/{id}</c>); the server refuses it from the next request on. Revoking
    /// a revoked key changes nothing.
    /// </summary>
    /// <param name="id">The key's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">There is no key with this id (404), or it is the last active admin key (409), among others.</exception>
    public Task RevokeKeyAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, ResourcePath.Key(id)), cancellationToken);
}
