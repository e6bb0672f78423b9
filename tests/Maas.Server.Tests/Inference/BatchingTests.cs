using System.Text.Json;

namespace Maas.Server.Tests.Inference;

public sealed class BatchingTests(ServingFixture server) : IClassFixture<ServingFixture>
{
    [Fact]
    public async Task ConcurrentSingleRows_AreBatched_AndEachGetsItsOwnRow()
    {
        // A generous window so concurrent requests find each other even on a loaded CI machine.
        var name = await server.CreateAddModelAsync(new { maxBatchSize = 64, maxQueueDelayMs = 50 });
        const int Requests = 48;

        var answers = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            using var response = await server.Http.PostAsJsonAsync($"/v2/models/{name}/infer", new
            {
                inputs = new[]
                {
                    new { name = "a", shape = new[] { 1, 3 }, datatype = "FP32", data = new float[] { i, i, i } },
                    new { name = "b", shape = new[] { 1, 3 }, datatype = "FP32", data = new float[] { 0.5f, 1, 2 } },
                },
            });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            using var json = JsonDocument.Parse(body);
            return (i, json.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(d => d.GetDouble()).ToArray());
        }));

        foreach (var (i, data) in answers)
        {
            Assert.Equal([i + 0.5, i + 1, i + 2], data);
        }

        using var stats = JsonDocument.Parse(await server.Http.GetStringAsync($"/v2/models/{name}/versions/1/stats"));
        var model = stats.RootElement.GetProperty("model_stats")[0];
        var inferences = model.GetProperty("inference_count").GetInt64();
        var executions = model.GetProperty("execution_count").GetInt64();
        Assert.Equal(Requests, inferences);
        Assert.True(executions < inferences, $"{executions} executions for {inferences} rows: no batching happened.");
        Assert.Contains(model.GetProperty("batch_stats").EnumerateArray(), b => b.GetProperty("batch_size").GetInt64() > 1);
    }

    [Fact]
    public async Task BatchOfRequests_OneBadInput_FailsOnlyThatRequest()
    {
        var name = await server.CreateAddModelAsync(new { maxBatchSize = 64, maxQueueDelayMs = 50 });

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            var width = i == 5 ? 4 : 3; // one request with the wrong inner dimension
            using var response = await server.Http.PostAsJsonAsync($"/v2/models/{name}/infer", new
            {
                inputs = new[]
                {
                    new { name = "a", shape = new[] { 1, width }, datatype = "FP32", data = Enumerable.Repeat(1f, width).ToArray() },
                    new { name = "b", shape = new[] { 1, width }, datatype = "FP32", data = Enumerable.Repeat(2f, width).ToArray() },
                },
            });
            return (i, (int)response.StatusCode);
        }));

        Assert.All(results, r => Assert.Equal(r.i == 5 ? 400 : 200, r.Item2));
    }

}
