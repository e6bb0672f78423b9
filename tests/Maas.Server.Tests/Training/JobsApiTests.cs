using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Maas.Server.Tests.Training;

/// <summary>
/// Training jobs over a real server: what a bad spec or a key without the right gets, and a job from a pushed CSV to
/// a served model, followed as Server-Sent Events, and cancelled.
/// </summary>
public sealed class JobsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string IrisSpec = """
        {"dataset":"iris","target":"species","model":{"kind":"logistic"},
         "optimizer":{"kind":"adam","learningRate":0.05},"epochs":40,"batchSize":16,"seed":7,"register":"iris-clf"}
        """;

    private async Task EnsureIrisAsync()
    {
        using var existing = await server.Http.GetAsync("/api/v1/datasets/iris");
        if (existing.StatusCode == HttpStatusCode.NotFound)
        {
            await TrainingApi.PushFixtureAsync(server.Http, "iris", "iris");
        }
    }

    [Fact]
    public async Task Submit_UnknownField_Is400()
    {
        using var response = await TrainingApi.SubmitAsync(server.Http, """{"dataset":"iris","target":"species","model":{"kind":"logistic"},"register":"m","learningrate":1}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("learningrate", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_OutOfRange_Is400NamingTheField()
    {
        using var response = await TrainingApi.SubmitAsync(server.Http, """{"dataset":"iris","target":"species","model":{"kind":"logistic"},"register":"m","epochs":0}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("epochs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_BadModelName_Is400()
    {
        using var response = await TrainingApi.SubmitAsync(server.Http, """{"dataset":"iris","target":"species","model":{"kind":"logistic"},"register":"Bad/Name"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("model name", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_CnnWhosePaddingGrowsTheImage_Is400WithTheMemoryEstimate()
    {
        using (var existing = await server.Http.GetAsync("/api/v1/datasets/digits"))
        {
            if (existing.StatusCode == HttpStatusCode.NotFound)
            {
                await TrainingApi.PushFixtureAsync(server.Http, "digits", "digits");
            }
        }

        // Each layer pads by kernel − 1, so the 8×8 image grows by 14 pixels a layer: few parameters, huge activations.
        var conv = string.Join(',', Enumerable.Repeat("""{"filters":8,"kernel":15,"padding":14}""", 32));
        var spec = $$$"""
            {"dataset":"digits","target":"digit","model":{"kind":"cnn","cnn":{"inputShape":[1,8,8],"conv":[{{{conv}}}],"dense":[]}},
             "batchSize":64,"epochs":1,"register":"digits-huge"}
            """;

        using var response = await TrainingApi.SubmitAsync(server.Http, spec);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The job would need about", text, StringComparison.Ordinal);
        Assert.Contains("activations", text, StringComparison.Ordinal);
        Assert.Contains("--max-job-memory", text, StringComparison.Ordinal);
        Assert.Contains("4096.0 MiB", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_UnknownDataset_Is404()
    {
        using var response = await TrainingApi.SubmitAsync(server.Http, """{"dataset":"no-such-data","target":"y","model":{"kind":"linear"},"register":"m"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Dataset 'no-such-data' does not exist", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ConsumerKey_Is403()
    {
        await EnsureIrisAsync();
        using var consumer = server.CreateClient(await server.CreateConsumerKeyAsync());

        using var response = await TrainingApi.SubmitAsync(consumer, IrisSpec);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Submit_PublisherOutsideItsScope_Is403LikeCreatingAModel()
    {
        await EnsureIrisAsync();
        using var publisher = server.CreateClient(await server.CreatePublisherKeyAsync("team-*", "iris"));

        using var response = await TrainingApi.SubmitAsync(publisher, IrisSpec);
        using var create = await publisher.PostAsJsonAsync("/api/v1/models", new { name = "iris-clf" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(create.StatusCode, response.StatusCode);
        Assert.Contains("'iris-clf'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_UnknownTargetColumn_FailsWithASentence()
    {
        await EnsureIrisAsync();
        var id = await TrainingApi.SubmitOkAsync(server.Http, """{"dataset":"iris","target":"colour","model":{"kind":"logistic"},"epochs":2,"register":"never-made"}""");

        var job = await TrainingApi.WaitForEndAsync(server.Http, id);

        Assert.Equal("failed", (string)job["state"]!);
        var error = (string)job["error"]!;
        Assert.Contains("colour", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Null(job["result"]);
        using var model = await server.Http.GetAsync("/api/v1/models/never-made");
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
    }

    [Fact]
    public async Task Job_Iris_TrainsRegistersAndServes()
    {
        var pushed = await TrainingApi.PushFixtureAsync(server.Http, "iris-e2e", "iris");
        var id = await TrainingApi.SubmitOkAsync(server.Http, IrisSpec.Replace("\"iris\"", "\"iris-e2e\"", StringComparison.Ordinal).Replace("iris-clf", "iris-e2e-clf", StringComparison.Ordinal));
        Assert.Matches("^job-[0-9a-f]{12}$", id);

        var job = await TrainingApi.WaitForEndAsync(server.Http, id);

        Assert.True((string)job["state"]! == "succeeded", job.ToJsonString());
        Assert.Equal("iris-e2e-clf", (string)job["result"]!["model"]!);
        Assert.Equal(1, (int)job["result"]!["version"]!);
        var history = job["history"]!.AsArray();
        Assert.NotEmpty(history);
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(h => (int)h!["epoch"]!));
        var testAccuracy = (double)job["metrics"]!["test"]!["accuracy"]!;
        Assert.True(testAccuracy >= 0.8, $"test accuracy {testAccuracy}");

        var version = await TrainingApi.GetJsonAsync(server.Http, "/api/v1/models/iris-e2e-clf/versions/1");
        var lineage = version["lineage"]!;
        Assert.Equal(id, (string)lineage["jobId"]!);
        Assert.Equal("iris-e2e", (string)lineage["dataset"]!);
        Assert.Equal(1, (int)lineage["datasetVersion"]!);
        Assert.Equal((string)pushed["digest"]!, (string)lineage["datasetDigest"]!);
        Assert.Equal("species", (string)lineage["spec"]!["target"]!);
        Assert.Equal(testAccuracy, (double)lineage["metrics"]!["test"]!["accuracy"]!, 9);
        var listed = await TrainingApi.GetJsonAsync(server.Http, "/api/v1/models/iris-e2e-clf/versions");
        Assert.Equal(id, (string)listed["versions"]![0]!["lineage"]!["jobId"]!);

        var (features, labels) = TrainingApi.ReadFixture("iris");
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "features",
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(features.Length, features[0].Length),
                ["data"] = new JsonArray(features.SelectMany(r => r).Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
            }),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "label" }),
        };
        using var inferred = await server.Http.PostAsync("/v2/models/iris-e2e-clf/infer", new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var answer = await inferred.Content.ReadAsStringAsync();
        Assert.True(inferred.IsSuccessStatusCode, answer);
        var predicted = JsonNode.Parse(answer)!["outputs"]!.AsArray().Single(o => (string)o!["name"]! == "label")!["data"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Equal(labels.Length, predicted.Count);
        var accuracy = labels.Zip(predicted).Count(p => p.First == p.Second) / (double)labels.Length;

        // The whole file is mostly the training split; its accuracy must agree with the held-out figure the job reported.
        Assert.True(accuracy >= 0.8, $"accuracy over the dataset {accuracy.ToString(CultureInfo.InvariantCulture)}");
        Assert.True(Math.Abs(accuracy - testAccuracy) <= 0.15, $"accuracy over the dataset {accuracy} vs the job's test accuracy {testAccuracy}");

        var logs = await TrainingApi.GetJsonAsync(server.Http, $"/api/v1/jobs/{id}/logs");
        Assert.Contains(logs["lines"]!.AsArray(), l => ((string)l!["message"]!).Contains("Registered version 1", StringComparison.Ordinal));
        Assert.Contains(logs["lines"]!.AsArray(), l => ((string)l!["message"]!).StartsWith("memory estimate: dataset ", StringComparison.Ordinal));
        var jobs = await TrainingApi.GetJsonAsync(server.Http, "/api/v1/jobs?state=succeeded");
        Assert.Contains(jobs["jobs"]!.AsArray(), j => (string)j!["id"]! == id);
    }

    [Fact]
    public async Task Events_StreamProgressThenEnd()
    {
        await EnsureIrisAsync();
        var id = await TrainingApi.SubmitOkAsync(server.Http, IrisSpec.Replace("iris-clf", "iris-sse", StringComparison.Ordinal));

        using var response = await server.Http.GetAsync($"/api/v1/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var events = new List<(string Name, JsonNode Data)>();
        using var deadline = new CancellationTokenSource(TrainingApi.JobDeadline);
        string? name = null;
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name!, JsonNode.Parse(line["data: ".Length..])!));
            }
        }

        // The stream closed by itself after the end event.
        Assert.NotEmpty(events);
        Assert.Equal("end", events[^1].Name);
        Assert.Equal("succeeded", (string)events[^1].Data["state"]!);
        Assert.Equal(1, events.Count(e => e.Name == "end"));
        var progress = events.Where(e => e.Name == "progress").ToList();
        Assert.True(progress.Count >= 2, $"only {progress.Count} progress events");
        Assert.All(progress, p => Assert.Equal(id, (string)p.Data["id"]!));
        Assert.Contains(progress, p => (int)p.Data["progress"]!["epoch"]! >= 1);
        Assert.Contains(events, e => e.Name == "log" && ((string)e.Data["message"]!).StartsWith("Epoch ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_OfAFinishedJob_AreItsStateAndEnd()
    {
        await EnsureIrisAsync();
        var id = await TrainingApi.SubmitOkAsync(server.Http, """{"dataset":"iris","target":"species","model":{"kind":"logistic"},"epochs":1,"register":"iris-one"}""");
        await TrainingApi.WaitForEndAsync(server.Http, id);

        var body = await server.Http.GetStringAsync($"/api/v1/jobs/{id}/events");

        Assert.StartsWith("event: progress\ndata: ", body, StringComparison.Ordinal);
        Assert.Contains("\n\nevent: end\ndata: ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_LongJob_EndsCancelled()
    {
        await EnsureIrisAsync();
        var id = await TrainingApi.SubmitOkAsync(server.Http, """
            {"dataset":"iris","target":"species","model":{"kind":"mlp","hidden":[64,64]},"epochs":1000,"batchSize":1,"register":"iris-cancelled"}
            """);
        await TrainingApi.WaitForJobAsync(server.Http, id, j => (string)j["state"]! != "queued");

        using var cancel = await server.Http.PostAsync($"/api/v1/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var job = await TrainingApi.WaitForEndAsync(server.Http, id);

        Assert.Equal("cancelled", (string)job["state"]!);
        Assert.NotNull(job["finished"]);
        using var model = await server.Http.GetAsync("/api/v1/models/iris-cancelled/versions");
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
        using var again = await server.Http.PostAsync($"/api/v1/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownJob_Is404()
    {
        using var response = await server.Http.GetAsync("/api/v1/jobs/job-000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
