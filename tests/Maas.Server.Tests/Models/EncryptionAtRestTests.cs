using System.Net;
using System.Text.Json;
using Maas.Core.Admin;
using Maas.Core.Security;
using Maas.Onnx.Tests;

namespace Maas.Server.Tests.Models;

/// <summary>
/// Encryption at rest over the real server: a damaged blob is refused with an integrity error while every other model
/// keeps serving, downloads never send damaged bytes, and the master key rotates over REST.
/// </summary>
public sealed class EncryptionAtRestTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _server;

    public EncryptionAtRestTests(ServerFixture server)
    {
        _server = server;
    }

    [Fact]
    public async Task Inference_TamperedBlob_503IntegrityWhileAnotherModelAnswers()
    {
        var healthy = await CreateAddModelAsync();
        var damaged = await CreateAddModelAsync();
        await InferAsync(healthy, HttpStatusCode.OK);

        await FlipBitAsync(damaged, offset: 40);

        var error = await InferAsync(damaged, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("integrity", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.DataDirectory, error, StringComparison.Ordinal);
        var entry = (await IndexAsync()).Single(e => e.GetProperty("name").GetString() == damaged);
        Assert.Equal("UNAVAILABLE", entry.GetProperty("state").GetString());
        Assert.Contains("integrity", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await InferAsync(healthy, HttpStatusCode.OK);
        Assert.Equal("READY", (await IndexAsync()).Single(e => e.GetProperty("name").GetString() == healthy).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Inference_TamperedAfterLoading_KeepsServingTheVersionInMemory()
    {
        var name = await CreateAddModelAsync();
        await InferAsync(name, HttpStatusCode.OK);

        await FlipBitAsync(name, offset: -1);

        await InferAsync(name, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Download_TamperedBlob_IntegrityProblemAndNoBytes()
    {
        var name = await CreateAddModelAsync();
        await FlipBitAsync(name, offset: 30);

        using var response = await _server.Http.GetAsync($"/api/v1/models/{name}/versions/1/artifact");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("IntegrityFailure", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("failed its integrity check", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LargeBlob_DamagedInAMiddleChunk_LoadRefusedAndDownloadCutShort()
    {
        // resnet18 spans 45 chunks of 1 MiB (each 16 bytes longer on disk, after a 24-byte header): the damage lies in
        // chunk 20, far past the first one, which opening checks.
        var name = await _server.CreateModelAsync("big");
        (await _server.UploadAsync(name, TestFixtures.Model("resnet18"))).EnsureSuccessStatusCode();
        await FlipBitAsync(name, offset: 20 * (1 << 20));

        using var load = await _server.Http.PostAsync($"/v2/repository/models/{name}/load", null);
        var loadError = await load.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, load.StatusCode);
        Assert.Contains("integrity", loadError, StringComparison.Ordinal);
        Assert.Contains("chunk 20 of 45 does not authenticate", loadError, StringComparison.Ordinal);

        using var download = await _server.Http.GetAsync($"/api/v1/models/{name}/versions/1/artifact", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var expected = download.Content.Headers.ContentLength;
        await using var body = await download.Content.ReadAsStreamAsync();
        var received = 0L;
        var buffer = new byte[1 << 16];
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }
        });
        Assert.True(received <= 19 * (1 << 20), $"{received} of {expected} bytes arrived; none of the damaged chunk may.");
    }

    [Fact]
    public async Task Download_StoredEncrypted_ServesThePlaintext()
    {
        var (name, original) = await CreateAddModelWithBytesAsync();

        var downloaded = await _server.Http.GetByteArrayAsync($"/api/v1/models/{name}/versions/1/artifact");

        Assert.Equal(original, downloaded);
        Assert.NotEqual(original, await File.ReadAllBytesAsync(await BlobPathAsync(name)));
    }

    [Fact]
    public async Task RotateMasterKey_FileKey_RewrapsAndEverythingStillServes()
    {
        var (name, original) = await CreateAddModelWithBytesAsync();
        var keyPath = Path.Combine(_server.DataDirectory, "master.key");
        var oldKey = await File.ReadAllTextAsync(keyPath);
        var blobBefore = await File.ReadAllBytesAsync(await BlobPathAsync(name));

        using var response = await _server.Http.PostAsync("/api/v1/admin/rotate-master-key", null);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var result = (await response.Content.ReadFromJsonAsync<MasterKeyRotationResult>())!;
        Assert.True(result.Rewrapped + result.AlreadyCurrent >= 1);
        Assert.Equal(0, result.Unreadable);
        Assert.False(result.EnvironmentUpdateRequired);
        Assert.NotEqual(oldKey, await File.ReadAllTextAsync(keyPath));
        Assert.Equal(blobBefore, await File.ReadAllBytesAsync(await BlobPathAsync(name)));
        Assert.Equal(original, await _server.Http.GetByteArrayAsync($"/api/v1/models/{name}/versions/1/artifact"));
        await InferAsync(await CreateAddModelAsync(), HttpStatusCode.OK);
    }

    [Fact]
    public async Task RotateMasterKey_PublisherKey_Forbidden()
    {
        using var publisher = _server.CreateClient(await _server.CreateKeyAsync(Role.Publisher));
        var keyPath = Path.Combine(_server.DataDirectory, "master.key");
        var before = await File.ReadAllTextAsync(keyPath);

        using var response = await publisher.PostAsync("/api/v1/admin/rotate-master-key", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await File.ReadAllTextAsync(keyPath));
    }

    private async Task<string> CreateAddModelAsync() => (await CreateAddModelWithBytesAsync()).Name;

    // Each model gets its own doc string, so no two share a blob and damaging one leaves the others intact.
    private async Task<(string Name, byte[] Bytes)> CreateAddModelWithBytesAsync()
    {
        var name = await _server.CreateModelAsync("enc");
        var model = TestModels.Add();
        model.DocString = name;
        var bytes = model.ToStream().ToArray();
        (await _server.UploadAsync(name, new MemoryStream(bytes))).EnsureSuccessStatusCode();
        return (name, bytes);
    }

    private async Task<string> BlobPathAsync(string name)
    {
        using var version = JsonDocument.Parse(await _server.Http.GetStringAsync($"/api/v1/models/{name}/versions/1"));
        var hex = version.RootElement.GetProperty("digest").GetString()!["sha256:".Length..];
        return Path.Combine(_server.DataDirectory, "blobs", "sha256", hex[..2], hex);
    }

    private async Task FlipBitAsync(string name, int offset)
    {
        var path = await BlobPathAsync(name);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[offset >= 0 ? offset : bytes.Length + offset] ^= 0x01;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await File.WriteAllBytesAsync(path, bytes);
    }

    private async Task<string> InferAsync(string name, HttpStatusCode expected)
    {
        using var response = await _server.Http.PostAsJsonAsync($"/v2/models/{name}/infer", new
        {
            inputs = new[]
            {
                new { name = "a", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 2f, 3f } },
                new { name = "b", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 1f, 1f } },
            },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, body);
        return body;
    }

    private async Task<List<JsonElement>> IndexAsync()
    {
        using var response = await _server.Http.PostAsync("/v2/repository/index", null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
