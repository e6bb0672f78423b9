using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Maas.Cli.Tests.Training;

/// <summary>
/// A training job survives SIGKILL of <c>maas serve</c>: after a restart on the same data folder it resumes from its
/// last checkpoint (its history keeps the earlier epochs, which are not trained again) and finishes.
/// </summary>
public sealed class JobResumeTests : IDisposable
{
    private const int Epochs = 100;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private readonly TemporaryDirectory _temporary = new("maas-resume-");

    // The server creates its data folder: a child of the temporary folder, which takes it along on dispose.
    private string DataDirectory => _temporary.Combine("data");

    [Fact]
    public async Task Job_ServerKilledMidTraining_ResumesFromCheckpointAndSucceeds()
    {
        string id;
        int epochsBeforeKill;
        await using (var first = await ServerProcess.StartAsync(DataDirectory))
        {
            using var http = first.CreateClient();
            var body = new ByteArrayContent(await File.ReadAllBytesAsync(TestFixtures.Dataset("digits")));
            body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using (var pushed = await http.PostAsync("/api/v1/datasets/digits/versions", body))
            {
                Assert.True(pushed.StatusCode == HttpStatusCode.Created, await pushed.Content.ReadAsStringAsync());
            }

            var spec = $$"""
                {"dataset":"digits","target":"digit","task":"multiclass","model":{"kind":"mlp","hidden":[64]},
                 "epochs":{{Epochs}},"batchSize":8,"seed":3,"register":"digits-resume"}
                """;
            using (var submitted = await http.PostAsync("/api/v1/jobs", new StringContent(spec, Encoding.UTF8, "application/json")))
            {
                var text = await submitted.Content.ReadAsStringAsync();
                Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, text);
                id = (string)JsonNode.Parse(text)!["id"]!;
            }

            // Three epochs in the history means the checkpoint of the second (at least) is durable.
            var running = await WaitAsync(http, id, j => ((JsonArray)j["history"]!).Count >= 3 || (string)j["state"]! != "running" && (string)j["state"]! != "queued");
            Assert.True((string)running["state"]! == "running", "The job ended before the kill; make it longer: " + running.ToJsonString());
            epochsBeforeKill = ((JsonArray)running["history"]!).Count;
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(DataDirectory);
        using var client = second.CreateClient();
        var job = await WaitAsync(client, id, j => (string)j["state"]! is "succeeded" or "failed" or "cancelled");

        Assert.True((string)job["state"]! == "succeeded", job.ToJsonString());
        Assert.Equal(Enumerable.Range(1, Epochs), ((JsonArray)job["history"]!).Select(h => (int)h!["epoch"]!));
        var lines = ((JsonArray)(await GetAsync(client, $"/api/v1/jobs/{id}/logs"))["lines"]!).Select(l => (string)l!["message"]!).ToList();
        var resume = Assert.Single(lines, l => l.StartsWith("Resuming from the checkpoint after epoch ", StringComparison.Ordinal));
        var checkpointEpoch = int.Parse(resume["Resuming from the checkpoint after epoch ".Length..].TrimEnd('.'), System.Globalization.CultureInfo.InvariantCulture);
        // History is written before the checkpoint, so the checkpoint is at most one epoch behind what was seen;
        // epochs may still have finished between that look and the kill, so only the end of the run bounds it above.
        Assert.InRange(checkpointEpoch, Math.Max(2, epochsBeforeKill - 1), Epochs - 1);

        // Epochs up to the checkpoint ran once; a restart from scratch would have logged epoch 1 twice.
        Assert.Single(lines, l => l.StartsWith($"Epoch 1/{Epochs}", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith($"Epoch {checkpointEpoch}/{Epochs}", StringComparison.Ordinal));
        var version = await GetAsync(client, "/api/v1/models/digits-resume/versions/1");
        Assert.Equal(id, (string)version["lineage"]!["jobId"]!);
    }

    public void Dispose() => _temporary.Dispose();

    private static Task<JsonNode> WaitAsync(HttpClient http, string id, Func<JsonNode, bool> done) =>
        Poll.UntilAsync(
            () => GetAsync(http, $"/api/v1/jobs/{id}"),
            done,
            $"job {id} got there",
            Deadline,
            TimeSpan.FromMilliseconds(50),
            job => job.ToJsonString());

    private static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
