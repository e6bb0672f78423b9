using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Maas.Server.Tests.Training;

/// <summary>Calls of the datasets and jobs API that the training tests share.</summary>
internal static class TrainingApi
{
    /// <summary>How long a test waits for a small job to end; training the fixtures takes seconds, not minutes.</summary>
    public static readonly TimeSpan JobDeadline = TimeSpan.FromMinutes(5);

    public static async Task<HttpResponseMessage> PushAsync(HttpClient http, string dataset, string path)
    {
        var body = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await http.PostAsync($"/api/v1/datasets/{dataset}/versions", body);
    }

    public static Task<HttpResponseMessage> PushTextAsync(HttpClient http, string dataset, string csv)
    {
        var body = new StringContent(csv, Encoding.UTF8, "text/csv");
        return http.PostAsync($"/api/v1/datasets/{dataset}/versions", body);
    }

    /// <summary>Pushes a fixture dataset and returns the version's JSON, failing the test when the push fails.</summary>
    public static async Task<JsonNode> PushFixtureAsync(HttpClient http, string dataset, string fixture)
    {
        using var response = await PushAsync(http, dataset, TestFixtures.Dataset(fixture));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"push {fixture}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient http, string specJson) =>
        http.PostAsync("/api/v1/jobs", new StringContent(specJson, Encoding.UTF8, "application/json"));

    /// <summary>Submits a job and returns its id, failing the test unless it was accepted.</summary>
    public static async Task<string> SubmitOkAsync(HttpClient http, string specJson)
    {
        using var response = await SubmitAsync(http, specJson);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"submit: {(int)response.StatusCode} {text}");
        var job = JsonNode.Parse(text)!;
        Assert.Equal($"/api/v1/jobs/{job["id"]}", response.Headers.Location?.ToString());
        return (string)job["id"]!;
    }

    public static async Task<JsonNode> GetJobAsync(HttpClient http, string id)
    {
        using var response = await http.GetAsync($"/api/v1/jobs/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"get job: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Polls the job until <paramref name="done"/> holds, or fails the test at the deadline.</summary>
    public static Task<JsonNode> WaitForJobAsync(HttpClient http, string id, Func<JsonNode, bool> done, TimeSpan? deadline = null) =>
        Poll.UntilAsync(
            () => GetJobAsync(http, id),
            done,
            $"job {id} got there",
            deadline ?? JobDeadline,
            TimeSpan.FromMilliseconds(100),
            job => job.ToJsonString());

    public static Task<JsonNode> WaitForEndAsync(HttpClient http, string id) =>
        WaitForJobAsync(http, id, j => (string)j["state"]! is "succeeded" or "failed" or "cancelled");

    public static async Task<JsonNode> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>The rows of a fixture CSV (all numeric but the last column), split into feature values and the label.</summary>
    public static (float[][] Features, string[] Labels) ReadFixture(string fixture)
    {
        var lines = File.ReadAllLines(TestFixtures.Dataset(fixture)).Skip(1).Where(l => l.Length > 0).ToList();
        var features = lines.Select(l => l.Split(',')[..^1].Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var labels = lines.Select(l => l.Split(',')[^1]).ToArray();
        return (features, labels);
    }
}
