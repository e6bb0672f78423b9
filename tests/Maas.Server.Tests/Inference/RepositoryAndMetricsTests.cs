using System.Net;
using System.Text.Json;

namespace Maas.Server.Tests.Inference;

public sealed class RepositoryAndMetricsTests(ServingFixture server) : IClassFixture<ServingFixture>
{
    [Fact]
    public async Task LoadThenUnload_ChangesReadinessAndTheIndex()
    {
        var name = await server.CreateAddModelAsync();
        Assert.NotEqual(HttpStatusCode.OK, (await server.Http.GetAsync($"/v2/models/{name}/ready")).StatusCode);

        using var load = await server.Http.PostAsync($"/v2/repository/models/{name}/load", null);
        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync($"/v2/models/{name}/ready")).StatusCode);
        Assert.Equal("READY", await StateAsync(name));

        using var unload = await server.Http.PostAsJsonAsync($"/v2/repository/models/{name}/unload", new { parameters = new { unload_dependents = false } });
        Assert.Equal(HttpStatusCode.OK, unload.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await server.Http.GetAsync($"/v2/models/{name}/ready")).StatusCode);
        Assert.NotEqual("READY", await StateAsync(name));
    }

    [Fact]
    public async Task Load_WithFileParameter_IsRefused()
    {
        var name = await server.CreateAddModelAsync();

        using var response = await server.Http.PostAsJsonAsync($"/v2/repository/models/{name}/load", new { parameters = new Dictionary<string, string> { ["file:1/model.onnx"] = "AAAA" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterInference_ExposeRequestsLatencyAndBatchSeries()
    {
        var name = await server.CreateAddModelAsync();
        using (var response = await server.Http.PostAsJsonAsync($"/v2/models/{name}/infer", new
        {
            inputs = new[]
            {
                new { name = "a", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 2f, 3f } },
                new { name = "b", shape = new[] { 1, 3 }, datatype = "FP32", data = new[] { 1f, 2f, 3f } },
            },
        }))
        {
            response.EnsureSuccessStatusCode();
        }

        var metrics = await server.Http.GetStringAsync("/metrics");

        Assert.Contains($"maas_inference_requests_total{{model=\"{name}\",version=\"1\",outcome=\"success\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"maas_inference_queue_duration_seconds_count{{model=\"{name}\",version=\"1\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"maas_inference_compute_duration_seconds_count{{model=\"{name}\",version=\"1\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"maas_inference_request_duration_seconds_count{{model=\"{name}\",version=\"1\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"maas_inference_batch_size_count{{model=\"{name}\",version=\"1\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains("maas_loaded_versions", metrics, StringComparison.Ordinal);
        Assert.Contains($"maas_model_memory_bytes{{model=\"{name}\",version=\"1\"}}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_PutThenGet_RoundTripsAndValidates()
    {
        var name = await server.CreateAddModelAsync();

        using var put = await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/config", new { maxBatchSize = 8, maxQueueDelayMs = 1.5, instanceCount = 2, intraOpThreads = 1, maxQueueSize = 32 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var config = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/v1/models/{name}/config"));
        Assert.Equal(8, config.RootElement.GetProperty("maxBatchSize").GetInt32());
        Assert.Equal(2, config.RootElement.GetProperty("instanceCount").GetInt32());

        using var bad = await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/config", new { maxBatchSize = 0 });
        Assert.Contains("maxBatchSize", await Json.ProblemAsync(bad, 400), StringComparison.Ordinal);
    }

    private async Task<string?> StateAsync(string name)
    {
        using var response = await server.Http.PostAsync("/v2/repository/index", null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name).GetProperty("state").GetString();
    }
}
