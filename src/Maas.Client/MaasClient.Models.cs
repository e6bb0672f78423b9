using System.Globalization;
using System.Net.Http.Json;
using Maas.Core.Registry;

namespace Maas.Client;

public sealed partial class MaasClient
{
    /// <summary>Registers a new model with no versions (<c>POST /api/v1/models</c>).</summary>
    /// <param name="request">The name and optional description, tags and class labels.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The model as the server stored it.</returns>
    /// <exception cref="MaasApiException">The name breaks the naming rule (400) or is taken (409), among others.</exception>
    public Task<ModelInfo> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendForJsonAsync<ModelInfo>(
            new HttpRequestMessage(HttpMethod.Post, ResourcePath.Models) { Content = JsonContent.Create(request, options: MaasJson.Options) },
            cancellationToken);
    }

    /// <summary>Lists models ordered by name, one page at a time (<c>GET /api/v1/models</c>).</summary>
    /// <param name="pageSize">How many models to return, 1 to 1000; <c>null</c> for the server's default (100).</param>
    /// <param name="pageToken">The <see cref="ModelPage.NextPageToken"/> of the previous page; <c>null</c> for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One page; its <see cref="ModelPage.NextPageToken"/> is <c>null</c> on the last page.</returns>
    public Task<ModelPage> ListModelsAsync(int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>(2);
        if (pageSize is { } size)
        {
            query.Add("pageSize=" + size.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(pageToken))
        {
            query.Add("pageToken=" + Uri.EscapeDataString(pageToken));
        }

        var path = query.Count == 0 ? ResourcePath.Models : ResourcePath.Models + "?" + string.Join('&', query);
        return SendForJsonAsync<ModelPage>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
    }

    /// <summary>Gets one model's metadata, aliases and version count (<c>GET /api/v1/models/{name}</c>).</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The model does not exist (404), among others.</exception>
    public Task<ModelInfo> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<ModelInfo>(new HttpRequestMessage(HttpMethod.Get, ResourcePath.Model(name)), cancellationToken);

    /// <summary>
    /// Changes a model's metadata (<c>PATCH /api/v1/models/{name}</c>). A property of <paramref name="request"/> left
    /// <c>null</c> keeps its value; one given replaces it whole; an empty label list clears the labels.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="request">The properties to replace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The model after the change.</returns>
    public Task<ModelInfo> UpdateModelAsync(string name, UpdateModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendForJsonAsync<ModelInfo>(
            new HttpRequestMessage(HttpMethod.Patch, ResourcePath.Model(name)) { Content = JsonContent.Create(request, options: MaasJson.Options) },
            cancellationToken);
    }

    /// <summary>Deletes a model that has no versions left (<c>DELETE /api/v1/models/{name}</c>).</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The model does not exist (404) or still has versions (409), among others.</exception>
    public Task DeleteModelAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, ResourcePath.Model(name)), cancellationToken);
}
