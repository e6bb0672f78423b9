using System.Buffers;
using System.Security.Cryptography;
using Maas.Core.Registry;

namespace Maas.Client;

public sealed partial class MaasClient
{
    private const int ChunkBytes = 1024 * 1024;

    /// <summary>
    /// Uploads an ONNX file as the model's next version (<c>POST /api/v1/models/{name}/versions</c>). The content is
    /// streamed in 1 MiB chunks, never held in memory, so files of gigabytes are fine.
    /// </summary>
    /// <param name="name">The model's name; the model must exist.</param>
    /// <param name="content">
    /// The <c>.onnx</c> file, read from its current position to the end. When it is seekable its remaining length is
    /// sent as <c>Content-Length</c>; otherwise the body is chunked. Owned by the caller and not disposed.
    /// </param>
    /// <param name="progress">Receives the total number of bytes sent so far after each chunk; may be <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The new version, with its number, digest, size and the signature read from the graph.</returns>
    /// <exception cref="MaasApiException">
    /// The file is not a model Maas can serve (422, the detail names the problem), is too large (413), or the model
    /// does not exist (404), among others.
    /// </exception>
    public Task<ModelVersionInfo> PushVersionAsync(
        string name, Stream content, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return SendForJsonAsync<ModelVersionInfo>(
            new HttpRequestMessage(HttpMethod.Post, ResourcePath.Versions(name)) { Content = new StreamingUploadContent(content, progress) },
            cancellationToken);
    }

    /// <summary>
    /// Downloads a version's <c>.onnx</c> file into <paramref name="destination"/>
    /// (<c>GET /api/v1/models/{name}/versions/{version}/artifact</c>), streaming it in 1 MiB chunks. When the server
    /// names the content's digest in the <c>ETag</c> header, as Maas does, the bytes are checked against it.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="destination">Where the bytes are written, from its current position. Owned by the caller and not disposed or flushed.</param>
    /// <param name="progress">Receives the total number of bytes received so far after each chunk; may be <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <exception cref="MaasApiException">The model or version does not exist (404), among others.</exception>
    /// <exception cref="InvalidDataException">The bytes received do not match the digest the server announced.</exception>
    /// <exception cref="IOException">The connection broke or <paramref name="destination"/> could not be written.</exception>
    public async Task DownloadAsync(
        string name, int version, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = new HttpRequestMessage(HttpMethod.Get, ResourcePath.Version(name, version) + "/artifact");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var expectedDigest = AnnouncedDigest(response);
        var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            try
            {
                long received = 0;
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    received += read;
                    progress?.Report(received);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var actualDigest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (expectedDigest is not null && !string.Equals(expectedDigest, actualDigest, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"The download of version {version} of model '{name}' is corrupt: the server announced {expectedDigest} but the bytes received hash to {actualDigest}.");
            }
        }
    }

    // The ETag is the digest, quoted as HTTP wants it or bare; read the raw header so that either form works.
    private static string? AnnouncedDigest(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("ETag", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            var tag = value.Trim();
            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                // A weak tag promises equivalence, not identical bytes.
                return null;
            }

            tag = tag.Trim('"');
            if (tag.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) && tag.Length == "sha256:".Length + 64)
            {
                return tag;
            }
        }

        return null;
    }
}
