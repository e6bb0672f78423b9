using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit.Abstractions;

namespace Maas.Cli.Tests;

/// <summary>
/// Kills a real <c>maas serve</c> with SIGKILL again and again while clients upload and delete versions, move aliases
/// and create and revoke API keys, restarting it on the same data folder each time; after every restart
/// <see cref="CrashLoopVerifier"/> holds the store to what the clients were told. Kills come 100–700 ms after the
/// work starts, and some uploads are several megabytes, so kills land in the middle of writes.
/// </summary>
public sealed class CrashLoopTests(ITestOutputHelper output) : IDisposable
{
    private const int Iterations = 50;
    private const int MaxVersionsPerModel = 3;
    private static readonly string[] Models = ["crash-a", "crash-b"];
    private static readonly Lazy<byte[]> Fixture = new(() => File.ReadAllBytes(TestFixtures.Model("breast_cancer_mlp")));
    private readonly TemporaryDirectory _temporary = new("maas-crashloop-");
    private readonly CrashLoopState _state = new();
    private readonly ConcurrentDictionary<string, int> _operations = new();
    private TimeSpan _startup;
    private TimeSpan _verify;

    // The server creates its data folder: a child of the temporary folder, which takes it along on dispose.
    private string DataDirectory => _temporary.Combine("data");

    [Fact]
    public async Task Server_KilledDuringUploadsAliasMovesAndKeyChanges_RestartsConsistentEveryTime()
    {
        var verifier = new CrashLoopVerifier(DataDirectory, _state, Models);
        var random = new Random(20261124);
        var interruptedWrites = 0;
        var clock = Stopwatch.StartNew();
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            // What the previous kill left mid-write shows the loop really interrupts uploads.
            interruptedWrites += verifier.LeftoverTemporaryFiles() > 0 ? 1 : 0;
            var t0 = clock.Elapsed;
            await using var server = await ServerProcess.StartAsync(DataDirectory);
            var t1 = clock.Elapsed;
            using var http = server.CreateClient();
            await verifier.VerifyAsync(http, iteration);
            _startup += t1 - t0;
            _verify += clock.Elapsed - t1;
            foreach (var model in Models)
            {
                using var _ = await http.PostAsJsonAsync("/api/v1/models", new { name = model });
            }

            using var stop = new CancellationTokenSource();
            var workers = Models.Select(m => ModelWorkAsync(http, m, new Random(random.Next()), stop.Token))
                .Append(KeyWorkAsync(http, new Random(random.Next()), stop.Token))
                .ToList();
            await Task.Delay(random.Next(100, 700));
            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        await using (var final = await ServerProcess.StartAsync(DataDirectory))
        {
            using var http = final.CreateClient();
            await verifier.VerifyAsync(http, Iterations);
        }

        output.WriteLine($"starting {_startup}, verifying {_verify}");
        output.WriteLine($"{Iterations} kills in {clock.Elapsed}; {interruptedWrites} interrupted writes; operations: {string.Join(", ", _operations.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        Assert.True(_operations.GetValueOrDefault("upload") > Iterations, "The loop should have completed many uploads between kills.");
        Assert.True(_operations.GetValueOrDefault("alias") > 0 && _operations.GetValueOrDefault("key.create") > 0 && _operations.GetValueOrDefault("key.revoke") > 0, "Every kind of write should have happened.");
        Assert.True(interruptedWrites > 0, "No kill landed in the middle of an upload; the test proved nothing about partial writes.");
    }

    private async Task ModelWorkAsync(HttpClient http, string model, Random random, CancellationToken stop)
    {
        await SurviveKillAsync(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await UploadAsync(http, model, random, stop);
                var mine = _state.Acknowledged.Keys.Where(k => k.Model == model).Select(k => k.Version).Order().ToList();
                if (mine.Count > 0 && random.Next(2) == 0)
                {
                    await MoveAliasAsync(http, model, mine[random.Next(mine.Count)], stop);
                }

                var aliased = _state.AliasAcknowledged.TryGetValue(model, out var a) ? a : 0;
                var unaliased = mine.Where(v => v != aliased).ToList();
                foreach (var version in unaliased.Take(unaliased.Count - MaxVersionsPerModel))
                {
                    await DeleteAsync(http, (model, version), stop);
                }
            }
        });
    }

    private async Task KeyWorkAsync(HttpClient http, Random random, CancellationToken stop)
    {
        await SurviveKillAsync(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using (var created = await http.PostAsJsonAsync("/api/v1/keys", new { role = "consumer", scopes = new[] { "*" } }, stop))
                {
                    Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(stop));
                    using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync(stop));
                    _state.KeysCreated[json.RootElement.GetProperty("id").GetString()!] = json.RootElement.GetProperty("key").GetString()!;
                    Count("key.create");
                }

                var active = _state.KeysCreated.Keys.Where(id => !_state.KeysRevoked.ContainsKey(id)).ToList();
                if (active.Count > 1 && random.Next(2) == 0)
                {
                    var id = active[random.Next(active.Count)];
                    _state.KeysRevoking[id] = 0;
                    using var revoked = await http.DeleteAsync($"/api/v1/keys/{id}", stop);
                    Assert.True(revoked.StatusCode == HttpStatusCode.NoContent, await revoked.Content.ReadAsStringAsync(stop));
                    _state.KeysRevoked[id] = 0;
                    _state.KeysRevokeAcknowledged[id] = 0;
                    _state.KeysRevoking.TryRemove(id, out _);
                    Count("key.revoke");
                }

                // Key changes are cheap; pacing them keeps the key list and audit log the verifier reads small.
                await Task.Delay(random.Next(20, 80), stop);
            }
        });
    }

    private async Task UploadAsync(HttpClient http, string model, Random random, CancellationToken stop)
    {
        var content = UniqueModel(random);
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/api/v1/models/{model}/versions", body, stop);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(stop));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop));
        _state.Acknowledged[(model, json.RootElement.GetProperty("version").GetInt32())] = json.RootElement.GetProperty("digest").GetString()!;
        Count("upload");
    }

    private async Task MoveAliasAsync(HttpClient http, string model, int version, CancellationToken stop)
    {
        _state.AliasInFlight[model] = version;
        using var response = await http.PutAsJsonAsync($"/api/v1/models/{model}/aliases/production", new { version }, stop);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(stop));
        _state.AliasAcknowledged[model] = version;
        _state.AliasInFlight.TryRemove(model, out _);
        Count("alias");
    }

    private async Task DeleteAsync(HttpClient http, (string Model, int Version) key, CancellationToken stop)
    {
        _state.Deleting[key] = 0;
        using var response = await http.DeleteAsync($"/api/v1/models/{key.Model}/versions/{key.Version}", stop);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync(stop));
        _state.Acknowledged.TryRemove(key, out _);
        _state.Deleted[key] = 0;
        _state.Deleting.TryRemove(key, out _);
        Count("delete");
    }

    private static async Task SurviveKillAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            // The server was killed under us: exactly the point.
        }
    }

    private void Count(string operation) => _operations.AddOrUpdate(operation, 1, (_, n) => n + 1);

    // The fixture with a doc_string (ModelProto field 6) appended: protobuf keeps the last occurrence of a singular
    // field, so the model is unchanged but its bytes are unique. One upload in five carries megabytes of it, long
    // enough to be cut by a kill.
    private static byte[] UniqueModel(Random random)
    {
        var padding = new byte[random.Next(5) == 0 ? random.Next(1_000_000, 3_000_000) : random.Next(16, 64_000)];
        random.NextBytes(padding);
        for (var i = 0; i < padding.Length; i++)
        {
            padding[i] = (byte)('a' + (padding[i] % 26));
        }

        var length = new List<byte>();
        for (var value = (uint)padding.Length; ; value >>= 7)
        {
            length.Add((byte)(value < 0x80 ? value : (value & 0x7F) | 0x80));
            if (value < 0x80)
            {
                break;
            }
        }

        return [.. Fixture.Value, 0x32, .. length, .. padding];
    }

    public void Dispose() => _temporary.Dispose();
}
