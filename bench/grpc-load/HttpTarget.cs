using System.Globalization;
using System.Net.Http.Headers;

namespace GrpcLoad;

/// <summary>
/// HTTP/1.1 POSTs of the bodies in a manifest (the same file the wrk script reads). Each caller owns one keep-alive
/// connection, like a wrk connection; <c>--order cycle</c> walks the manifest, <c>random</c> draws from it.
/// </summary>
internal sealed class HttpTarget : ILoadTarget, IDisposable
{
    private readonly HttpMessageInvoker[] _invokers;
    private readonly (Uri Url, byte[] Body, int HeaderLength)[] _entries;
    private readonly bool _random;
    private readonly string _description;

    public HttpTarget(LoadOptions options)
    {
        var baseUri = new Uri(options.Required("base"));
        var manifest = options.Required("manifest");
        _entries = File.ReadAllLines(manifest)
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 2)
            .Select(parts => (new Uri(baseUri, parts[0]), File.ReadAllBytes(parts[1]), parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0))
            .ToArray();
        _random = options.Get("order", "cycle") == "random";
        _invokers = Enumerable.Range(0, options.Concurrency)
            .Select(_ => new HttpMessageInvoker(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan, UseProxy = false }))
            .ToArray();
        _description = $"{baseUri} {_entries.Length} request(s) from {Path.GetFileName(manifest)} ({options.Get("order", "cycle")})";
    }

    public async Task SendAsync(int caller, long sequence, CancellationToken cancellationToken)
    {
        var (url, body, headerLength) = _entries[_random ? Random.Shared.Next(_entries.Length) : (int)(sequence % _entries.Length)];
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(headerLength > 0 ? "application/octet-stream" : "application/json");
        if (headerLength > 0)
        {
            request.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", headerLength.ToString(CultureInfo.InvariantCulture));
        }

        if (LoadOptions.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _invokers[caller].SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
        }
    }

    public string Describe() => _description;

    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }
}
