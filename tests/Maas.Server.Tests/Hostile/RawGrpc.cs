using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// One gRPC call made by hand over HTTP/2 with an empty message, so a test can set what a gRPC client library would not
/// let it (the <c>:authority</c>) and read the status wherever it comes (a trailers-only answer's headers, or the trailers).
/// </summary>
internal static class RawGrpc
{
    /// <summary>Calls <paramref name="path"/> on <paramref name="server"/>; returns the HTTP status and the gRPC status and message.</summary>
    public static async Task<(HttpStatusCode Http, int? Grpc, string? Message)> CallAsync(
        HttpMessageInvoker client, Uri server, string path, string? apiKey = null, string? authority = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + apiKey);
        }

        if (authority is not null)
        {
            request.Headers.Host = authority;
        }

        using var response = await client.SendAsync(request, CancellationToken.None);
        await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders
            : response.TrailingHeaders.TryGetValues("grpc-status", out var inTrailers) ? inTrailers
            : null;
        var message = response.Headers.TryGetValues("grpc-message", out var m) || response.TrailingHeaders.TryGetValues("grpc-message", out m)
            ? Uri.UnescapeDataString(m.Single())
            : null;
        return (response.StatusCode, headers is null ? null : int.Parse(headers.Single(), CultureInfo.InvariantCulture), message);
    }
}
