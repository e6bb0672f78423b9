using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Maas.Client;

/// <summary>
/// A typed client of the Maas management API (<c>/api/v1</c>): models, their versions and aliases.
/// </summary>
/// <remarks>
/// One instance can be shared by many threads and kept for the life of the program. Every failure surfaces as a
/// <see cref="MaasApiException"/>, including a server that cannot be reached; cancellation surfaces as
/// <see cref="OperationCanceledException"/>. There is no request timeout, since uploads and downloads of
/// gigabyte models can take minutes: pass a <see cref="CancellationToken"/> to bound a call.
/// </remarks>
public sealed partial class MaasClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _serverAddress;

    /// <summary>Creates a client of the server at <paramref name="serverAddress"/>.</summary>
    /// <param name="serverAddress">
    /// The server's HTTP address, such as <c>http://127.0.0.1:8000</c>; a path (for a server behind a reverse proxy
    /// under a prefix) is kept.
    /// </param>
    /// <param name="apiKey">
    /// The API key sent as <c>Authorization: Bearer &lt;key&gt;</c> on every request; <c>null</c> or empty sends none.
    /// </param>
    /// <param name="handler">
    /// The HTTP handler to send requests with, for tests or custom TLS and proxy settings; <c>null</c> uses a default
    /// handler. A given handler is owned by the caller and is not disposed with the client.
    /// </param>
    public MaasClient(Uri serverAddress, string? apiKey = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(serverAddress);
        if (!serverAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The server address must be absolute, such as http://127.0.0.1:8000.", nameof(serverAddress));
        }

        _serverAddress = serverAddress;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);

        // Relative request paths resolve under the base only when it ends with a slash.
        _http.BaseAddress = serverAddress.AbsoluteUri.EndsWith('/') ? serverAddress : new Uri(serverAddress.AbsoluteUri + "/");
        _http.Timeout = Timeout.InfiniteTimeSpan;
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    /// <summary>The server address this client talks to, as given to the constructor.</summary>
    public Uri ServerAddress => _serverAddress;

    /// <summary>Releases the connections this client holds. A handler passed to the constructor is not disposed.</summary>
    public void Dispose() => _http.Dispose();

    // Sends a request and returns a success answer; every other outcome becomes a MaasApiException.
    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw ConnectionFailure(ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> SendForJsonAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                return await response.Content.ReadFromJsonAsync<T>(MaasJson.Options, cancellationToken).ConfigureAwait(false)
                    ?? throw UnexpectedAnswer(response, null);
            }
            catch (JsonException ex)
            {
                throw UnexpectedAnswer(response, ex);
            }
            catch (NotSupportedException ex)
            {
                // ReadFromJsonAsync's answer to a Content-Type that is not JSON, such as a proxy's HTML page.
                throw UnexpectedAnswer(response, ex);
            }
        }
    }

    private async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
    }

    private MaasApiException ConnectionFailure(HttpRequestException ex)
    {
        var address = _serverAddress.AbsoluteUri.TrimEnd('/');
        var detail = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            ? $"Cannot reach the Maas server at {address}: is `maas serve` running?"
            : $"The connection to the Maas server at {address} failed: {ex.Message}";
        return new MaasApiException(0, "Unavailable", detail, null, ex);
    }

    private static MaasApiException UnexpectedAnswer(HttpResponseMessage response, Exception? cause) =>
        new((int)response.StatusCode, null,
            $"The server's answer to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} was not the JSON the Maas API sends; is this address a Maas server?",
            null, cause);
}
