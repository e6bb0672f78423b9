using System.Text.Json;
using Maas.Onnx.Tests;
using Maas.Runtime;

namespace Maas.Server.Tests.Inference;

public sealed class EvictionAndAliasTests
{
    [Fact]
    public async Task MemoryBudget_ThirdModelLoaded_EvictsTheLeastRecentlyUsed()
    {
        // Each tiny Add model is estimated at about 16 MiB (fixed session and instance overheads), so 40 MiB holds two.
        var server = new ServingFixture();
        server.Configure<ModelHostOptions>(o => o.MemoryBudgetBytes = 40L * 1024 * 1024);
        await server.InitializeAsync();
        try
        {
            var first = await server.CreateAddModelAsync();
            var second = await server.CreateAddModelAsync();
            var third = await server.CreateAddModelAsync();
            await InferAsync(server, first);
            await InferAsync(server, second);
            await InferAsync(server, first); // second is now the least recently used

            await InferAsync(server, third);

            var states = await StatesAsync(server);
            Assert.Equal("READY", states[first]);
            Assert.Equal("READY", states[third]);
            Assert.NotEqual("READY", states[second]);
            await InferAsync(server, second); // an evicted version loads again on demand
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AliasMove_InFlightRequestFinishesOnTheOldVersion_NewOnesUseTheNew()
    {
        var server = new ServingFixture();
        await server.InitializeAsync();
        try
        {
            // A long batching window keeps the first request in flight while the alias moves.
            var name = await server.CreateAddModelAsync(new { maxBatchSize = 8, maxQueueDelayMs = 800 });
            (await server.UploadAsync(name, TestModels.ToStream(TestModels.Add()))).EnsureSuccessStatusCode();
            (await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/production", new { version = 1 })).EnsureSuccessStatusCode();
            await server.Http.PostAsync($"/v2/repository/models/{name}/load", null);

            var inFlight = InferAsync(server, name);
            await Poll.UntilAsync(
                async () => await PendingAsync(server, name) > 0 || inFlight.IsCompleted,
                "the first request is pending on version 1 (or finished)",
                TimeSpan.FromSeconds(10),
                TimeSpan.FromMilliseconds(10));
            (await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/production", new { version = 2 })).EnsureSuccessStatusCode();
            Assert.False(inFlight.IsCompleted, "The first request finished before the alias moved; the test proved nothing.");
            var after = await InferAsync(server, name);

            Assert.Equal("1", await inFlight);
            Assert.Equal("2", after);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<string> InferAsync(ServerFixture server, string name)
    {
        using var response = await server.Http.PostAsJsonAsync($"/v2/models/{name}/infer", new
        {
            inputs = new[]
            {
                new { name = "a", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 2f, 3f } },
                new { name = "b", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 1f, 1f } },
            },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("model_version").GetString()!;
    }

    private static async Task<Dictionary<string, string>> StatesAsync(ServerFixture server)
    {
        using var response = await server.Http.PostAsync("/v2/repository/index", null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("state").GetString()!);
    }

    private static async Task<double> PendingAsync(ServerFixture server, string name)
    {
        var metrics = await server.Http.GetStringAsync("/metrics");
        var prefix = $"maas_inference_pending_requests{{model=\"{name}\",version=\"1\"}} ";
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
