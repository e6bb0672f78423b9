using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Maas.Cli.Tests;

/// <summary>
/// Kills a real <c>maas serve</c> process with SIGKILL while clients upload and delete versions, then restarts it on the
/// same data folder and checks that the store is consistent: every listed version's blob exists and hashes to its
/// digest, every acknowledged upload survived, no acknowledged deletion came back, no number was reused, no temporary
/// file or unreferenced blob remains.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const int Iterations = 24;
    private static readonly string[] Models = ["crash-a", "crash-b"];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "maas-crash-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<(string Model, int Version), string> _acknowledged = new();
    private readonly ConcurrentDictionary<(string Model, int Version), string> _everSeen = new();
    private readonly ConcurrentDictionary<(string Model, int Version), byte> _deleted = new();
    private readonly ConcurrentDictionary<(string Model, int Version), byte> _deleting = new();

    [Fact]
    public async Task Server_KilledDuringUploadsAndDeletes_RestartsConsistent()
    {
        var random = new Random(20261123);
        var restartsAfterInterruptedWrite = 0;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            // Count what the previous kill left mid-write, so the test can show it really interrupted uploads.
            if (LeftoverTemporaryFiles() > 0)
            {
                restartsAfterInterruptedWrite++;
            }

            await using var server = await ServerProcess.StartAsync(_dataDirectory);
            using var http = new HttpClient { BaseAddress = server.HttpAddress };
            await VerifyConsistentAsync(http, iteration);
            foreach (var model in Models)
            {
                using var _ = await http.PostAsJsonAsync("/api/v1/models", new { name = model });
            }

            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 3).Select(w => WorkAsync(http, Models[w % Models.Length], new Random(random.Next()), stop.Token)).ToList();
            await Task.Delay(random.Next(150, 2500));
            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        await using (var final = await ServerProcess.StartAsync(_dataDirectory))
        {
            using var http = new HttpClient { BaseAddress = final.HttpAddress };
            await VerifyConsistentAsync(http, Iterations);
        }

        Assert.True(_acknowledged.Count + _deleted.Count > Iterations, "The loop should have completed many uploads between kills.");
        Assert.True(restartsAfterInterruptedWrite > 0, "No kill landed in the middle of an upload; the test proved nothing about partial writes.");
    }

    private int LeftoverTemporaryFiles()
    {
        var tmp = Path.Combine(_dataDirectory, "blobs", "tmp");
        return Directory.Exists(tmp) ? Directory.GetFiles(tmp).Length : 0;
    }

    private async Task WorkAsync(HttpClient http, string model, Random random, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var version = await UploadAsync(http, model, UniqueModel(random), stop);
                var mine = _acknowledged.Keys.Where(k => k.Model == model && k.Version != version).ToList();
                if (mine.Count > 0 && random.Next(2) == 0)
                {
                    await DeleteAsync(http, mine[random.Next(mine.Count)], stop);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            // The server was killed under us: exactly the point.
        }
    }

    private async Task<int> UploadAsync(HttpClient http, string model, byte[] content, CancellationToken stop)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/api/v1/models/{model}/versions", body, stop);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(stop));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop));
        var version = json.RootElement.GetProperty("version").GetInt32();
        var digest = json.RootElement.GetProperty("digest").GetString()!;
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), digest);
        _acknowledged[(model, version)] = digest;
        return version;
    }

    private async Task DeleteAsync(HttpClient http, (string Model, int Version) key, CancellationToken stop)
    {
        _deleting[key] = 0;
        using var response = await http.DeleteAsync($"/api/v1/models/{key.Model}/versions/{key.Version}", stop);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            _acknowledged.TryRemove(key, out _);
            _deleted[key] = 0;
        }
    }

    private async Task VerifyConsistentAsync(HttpClient http, int iteration)
    {
        var blobsRoot = Path.Combine(_dataDirectory, "blobs");
        Assert.True(LeftoverTemporaryFiles() == 0, $"Temporary files remain after restart {iteration}.");
        var listed = new Dictionary<(string, int), string>();
        foreach (var model in Models)
        {
            using var response = await http.GetAsync($"/api/v1/models/{model}/versions");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var v in json.RootElement.GetProperty("versions").EnumerateArray())
            {
                listed[(model, v.GetProperty("version").GetInt32())] = v.GetProperty("digest").GetString()!;
            }
        }

        var hashes = new Dictionary<string, string>();
        foreach (var ((model, version), digest) in listed)
        {
            var hex = digest["sha256:".Length..];
            var path = Path.Combine(blobsRoot, "sha256", hex[..2], hex);
            Assert.True(File.Exists(path), $"Version {version} of {model} points at a missing blob after restart {iteration}.");
            if (!hashes.TryGetValue(digest, out var actual))
            {
                await using var file = File.OpenRead(path);
                hashes[digest] = actual = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
            }

            Assert.True(digest == actual, $"Version {version} of {model}: blob content does not match its digest after restart {iteration}.");
            var seen = _everSeen.GetOrAdd((model, version), digest);
            Assert.True(seen == digest, $"Version number {version} of {model} was reused after restart {iteration}.");
            Assert.False(_deleted.ContainsKey((model, version)), $"Deleted version {version} of {model} came back after restart {iteration}.");
        }

        foreach (var (key, digest) in _acknowledged)
        {
            if (_deleting.ContainsKey(key))
            {
                // A delete was in flight when the server died: either outcome is correct.
                if (!listed.ContainsKey(key))
                {
                    _acknowledged.TryRemove(key, out _);
                }

                continue;
            }

            Assert.True(listed.TryGetValue(key, out var stored) && stored == digest, $"Acknowledged version {key.Version} of {key.Model} was lost after restart {iteration}.");
        }

        _deleting.Clear();
        var orphans = Directory.Exists(Path.Combine(blobsRoot, "sha256"))
            ? Directory.GetFiles(Path.Combine(blobsRoot, "sha256"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Except(listed.Values.Select(d => d["sha256:".Length..])).ToList()
            : [];
        Assert.True(orphans.Count == 0, $"Unreferenced blobs remain after restart {iteration}: {string.Join(", ", orphans)}");
    }

    // A valid ONNX file with unique bytes: a fixture with an extra doc_string field (ModelProto field 6) appended,
    // which protobuf parsers accept (the last occurrence of a singular field wins). Mostly small models, sometimes
    // the 46 MB resnet18 so that kills land in the middle of long writes.
    private static byte[] UniqueModel(Random random)
    {
        string[] fixtures = ["breast_cancer_mlp", "digits_cnn", "diabetes_linear", "text_encoder", "resnet18"];
        var fixture = fixtures[random.Next(random.Next(8) == 0 ? fixtures.Length : fixtures.Length - 1)];
        var model = FixtureBytes.GetOrAdd(fixture, f => File.ReadAllBytes(TestFixtures.Model(f)));
        var tag = Guid.NewGuid().ToString("N");
        return [.. model, 0x32, (byte)tag.Length, .. System.Text.Encoding.ASCII.GetBytes(tag)];
    }

    private static readonly ConcurrentDictionary<string, byte[]> FixtureBytes = new();

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
