using System.Net.Http.Headers;
using Maas.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Maas.Server.Tests;

/// <summary>
/// A real Maas server on 127.0.0.1 (Kestrel, SQLite and the blob store in a fresh temporary data folder), shared by
/// the tests of one class.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private MaasServer? _server;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "maas-test-" + Guid.NewGuid().ToString("N"));

    public HttpClient Http { get; private set; } = null!;

    internal MaasServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>Overridden by fixtures that need other limits.</summary>
    internal MaasServerOptions Options { get; init; } = new();

    /// <summary>Whether to listen for gRPC too (on a free port, see <see cref="GrpcAddress"/>).</summary>
    internal bool EnableGrpc { get; init; }

    public Uri GrpcAddress => Server.GrpcAddress ?? throw new InvalidOperationException("gRPC is disabled for this fixture.");

    public virtual async Task InitializeAsync()
    {
        Options.DataDirectory = DataDirectory;
        Options.HttpAddress = "127.0.0.1:0";
        Options.GrpcAddress = EnableGrpc ? "127.0.0.1:0" : "none";
        _server = await MaasServer.StartAsync(Options, CancellationToken.None, logging => logging.ClearProviders());
        Http = new HttpClient { BaseAddress = _server.HttpAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>Uploads a file as the next version of <paramref name="model"/>.</summary>
    public async Task<HttpResponseMessage> UploadAsync(string model, string path)
    {
        await using var file = File.OpenRead(path);
        return await UploadAsync(model, file);
    }

    public Task<HttpResponseMessage> UploadAsync(string model, Stream content, string contentType = "application/octet-stream")
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return Http.PostAsync($"/api/v1/models/{model}/versions", body);
    }

    /// <summary>Creates a model with a unique name and returns the name.</summary>
    public async Task<string> CreateModelAsync(string prefix = "m")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..24];
        using var response = await Http.PostAsJsonAsync("/api/v1/models", new { name });
        response.EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>Files left in the blob store's staging folder.</summary>
    public string[] TemporaryFiles()
    {
        var tmp = Path.Combine(DataDirectory, "blobs", "tmp");
        return Directory.Exists(tmp) ? Directory.GetFiles(tmp) : [];
    }

    /// <summary>All committed blob files.</summary>
    public string[] BlobFiles()
    {
        var root = Path.Combine(DataDirectory, "blobs", "sha256");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
    }
}
