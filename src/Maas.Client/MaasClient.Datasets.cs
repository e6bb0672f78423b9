using System.Net.Http.Headers;
using Maas.Client.Training;
using Maas.Core.Training;

namespace Maas.Client;

public sealed partial class MaasClient
{
    /// <summary>
    /// Uploads a CSV file as the dataset's next version (<c>POST /api/v1/datasets/{name}/versions</c>), creating the
    /// dataset on its first push. The content is streamed in 1 MiB chunks, never held in memory.
    /// </summary>
    /// <param name="name">The dataset's name.</param>
    /// <param name="content">
    /// The CSV file with a header row, read from its current position to the end. When it is seekable its remaining
    /// length is sent as <c>Content-Length</c>; otherwise the body is chunked. Owned by the caller and not disposed.
    /// </param>
    /// <param name="progress">Receives the total number of bytes sent so far after each chunk; may be <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The new version with its digest, row count and the schema the server inferred.</returns>
    /// <exception cref="MaasApiException">
    /// The file is not valid CSV (400, the detail names the line and column of the first problem), has too many rows or
    /// columns (400 or 413), or the name breaks the naming rule, among others.
    /// </exception>
    public Task<DatasetVersionInfo> PushDatasetAsync(
        string name, Stream content, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new StreamingUploadContent(content, progress);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return SendForJsonAsync<DatasetVersionInfo>(
            new HttpRequestMessage(HttpMethod.Post, TrainingPaths.DatasetVersions(name)) { Content = body },
            cancellationToken);
    }

    /// <summary>Lists the datasets this key may see, by name (<c>GET /api/v1/datasets</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken = default)
    {
        var list = await SendForJsonAsync<DatasetList>(new HttpRequestMessage(HttpMethod.Get, TrainingPaths.Datasets), cancellationToken)
            .ConfigureAwait(false);
        return list.Datasets ?? [];
    }

    /// <summary>Gets a dataset with all its versions, newest first (<c>GET /api/v1/datasets/{name}</c>).</summary>
    /// <param name="name">The dataset's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The dataset does not exist (404), among others.</exception>
    public Task<DatasetInfo> GetDatasetAsync(string name, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<DatasetInfo>(new HttpRequestMessage(HttpMethod.Get, TrainingPaths.Dataset(name)), cancellationToken);

    /// <summary>Gets one dataset version with its schema (<c>GET /api/v1/datasets/{name}/versions/{version}</c>).</summary>
    /// <param name="name">The dataset's name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The dataset or version does not exist (404), among others.</exception>
    public Task<DatasetVersionInfo> GetDatasetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<DatasetVersionInfo>(new HttpRequestMessage(HttpMethod.Get, TrainingPaths.DatasetVersion(name, version)), cancellationToken);

    /// <summary>Deletes one dataset version (<c>DELETE /api/v1/datasets/{name}/versions/{version}</c>); its number is never reused.</summary>
    /// <param name="name">The dataset's name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The dataset or version does not exist (404), among others.</exception>
    public Task DeleteDatasetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, TrainingPaths.DatasetVersion(name, version)), cancellationToken);

    /// <summary>Deletes a dataset with all its versions (<c>DELETE /api/v1/datasets/{name}</c>).</summary>
    /// <param name="name">The dataset's name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">The dataset does not exist (404), among others.</exception>
    public Task DeleteDatasetAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, TrainingPaths.Dataset(name)), cancellationToken);
}
