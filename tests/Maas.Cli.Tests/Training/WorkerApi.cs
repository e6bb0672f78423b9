using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Maas.Cli.Tests.Training;

/// <summary>What the training worker tests do over HTTP: push a dataset, submit a job, follow it, find its worker process.</summary>
internal static class WorkerApi
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    private const string WorkerLine = "Training in worker process ";

    public static async Task PushDatasetAsync(HttpClient http, string name, string fixture)
    {
        using var body = new ByteArrayContent(await File.ReadAllBytesAsync(TestFixtures.Dataset(fixture)));
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var pushed = await http.PostAsync($"/api/v1/datasets/{name}/versions", body);
        Assert.True(pushed.StatusCode == HttpStatusCode.Created, await pushed.Content.ReadAsStringAsync());
    }

    /// <summary>Submits <paramref name="spec"/> and returns the job's id.</summary>
    public static async Task<string> SubmitAsync(HttpClient http, string spec)
    {
        using var submitted = await http.PostAsync("/api/v1/jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
        var text = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, text);
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    /// <summary>A long MLP job on digits: long enough to be caught running.</summary>
    public static string LongDigitsSpec(string register, int epochs = 200) => $$"""
        {"dataset":"digits","target":"digit","task":"multiclass","model":{"kind":"mlp","hidden":[64]},
         "epochs":{{epochs}},"batchSize":8,"seed":3,"register":"{{register}}"}
        """;

    public static Task<JsonNode> WaitAsync(HttpClient http, string id, Func<JsonNode, bool> done) =>
        Poll.UntilAsync(
            () => GetAsync(http, $"/api/v1/jobs/{id}"),
            done,
            $"job {id} got there",
            Deadline,
            TimeSpan.FromMilliseconds(50),
            job => job.ToJsonString());

    public static Task<JsonNode> WaitForEndAsync(HttpClient http, string id) =>
        WaitAsync(http, id, j => (string)j["state"]! is "succeeded" or "failed" or "cancelled");

    public static async Task<List<string>> LogLinesAsync(HttpClient http, string id) =>
        ((JsonArray)(await GetAsync(http, $"/api/v1/jobs/{id}/logs"))["lines"]!).Select(l => (string)l!["message"]!).ToList();

    /// <summary>The id of the worker process the job's log names, waiting until it does.</summary>
    public static async Task<int> WorkerProcessIdAsync(HttpClient http, string id)
    {
        var lines = await Poll.UntilAsync(
            () => LogLinesAsync(http, id),
            l => l.Any(s => s.StartsWith(WorkerLine, StringComparison.Ordinal)),
            $"job {id} logged its worker process",
            Deadline,
            TimeSpan.FromMilliseconds(50),
            l => string.Join('\n', l));
        var line = lines.First(s => s.StartsWith(WorkerLine, StringComparison.Ordinal));
        return int.Parse(line[WorkerLine.Length..].TrimEnd('.'), CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a process with this id is alive (not gone, not a zombie).</summary>
    public static bool IsAlive(int processId)
    {
        var stat = $"/proc/{processId}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            // Field 3, after the parenthesised name, is the state; Z is a zombie waiting to be reaped.
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The nice value of a process (Linux: field 19 of /proc/PID/stat).</summary>
    public static int NiceOf(int processId)
    {
        var text = File.ReadAllText($"/proc/{processId}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }

    public static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Uploads the breast-cancer MLP as <paramref name="model"/> version 1 and loads it.</summary>
    public static async Task PushServingModelAsync(HttpClient http, string model)
    {
        (await http.PostAsJsonAsync("/api/v1/models", new { name = model })).EnsureSuccessStatusCode();
        using (var file = new StreamContent(File.OpenRead(TestFixtures.Model("breast_cancer_mlp"))))
        {
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            (await http.PostAsync($"/api/v1/models/{model}/versions", file)).EnsureSuccessStatusCode();
        }

        (await http.PostAsync($"/v2/repository/models/{model}/load", null)).EnsureSuccessStatusCode();
    }

    /// <summary>One inference on the breast-cancer MLP; returns the status code.</summary>
    public static async Task<HttpStatusCode> InferAsync(HttpClient http, string model)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            inputs = new[] { new { name = "features", shape = new[] { 1, 30 }, datatype = "FP32", data = Enumerable.Repeat(0.5f, 30).ToArray() } },
        });
        using var response = await http.PostAsync($"/v2/models/{model}/infer", new StringContent(body, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}
