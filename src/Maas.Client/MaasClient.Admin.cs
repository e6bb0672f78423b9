using System.Net.Http.Json;
using Maas.Core.Admin;

namespace Maas.Client;

public sealed partial class MaasClient
{
    /// <summary>
    /// Rotates the server's master key (<c>POST /api/v1/admin/rotate-master-key</c>): every blob's data key is wrapped
    /// again under a new master key and the old one is retired; no blob is re-encrypted. Needs an admin key.
    /// </summary>
    /// <param name="newMasterKey">
    /// The new key, base64 of 32 random bytes. Leave it <c>null</c> when the server keeps its key in
    /// <c>master.key</c> (it generates one); required when the server takes its key from <c>MAAS_MASTER_KEY</c>, which
    /// must then be set to this key before the server's next restart. Sent in the request body, never in the URL.
    /// </param>
    /// <param name="cancellationToken">
    /// Stops waiting for the answer. The rotation itself runs to its end on the server.
    /// </param>
    /// <returns>The new master key's id and how many data keys were rewrapped.</returns>
    /// <exception cref="MaasApiException">
    /// The key is missing or malformed (400), the caller is not an admin (403), or another rotation is running (409),
    /// among others.
    /// </exception>
    public Task<MasterKeyRotationResult> RotateMasterKeyAsync(string? newMasterKey = null, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<MasterKeyRotationResult>(
            new HttpRequestMessage(HttpMethod.Post, "api/v1/admin/rotate-master-key")
            {
                Content = JsonContent.Create(new RotateMasterKeyRequest(newMasterKey), options: MaasJson.Options),
            },
            cancellationToken);
}
