using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Maas.Cli.Tests.Training;

/// <summary>
/// Training jobs of a real <c>maas serve</c> run in a <c>maas</c> worker child process: a job succeeds there with the
/// same result as in the server's process, and a worker that runs out of memory, is killed or is cancelled ends its
/// job (failed with the reason, or cancelled) while the server goes on serving.
/// </summary>
public sealed class TrainingWorkerTests : IDisposable
{
    private const string Served = "served";
    private readonly TemporaryDirectory _temporary = new("maas-worker-");

    [Fact]
    public async Task Job_InWorkerProcess_SucceedsWithTheInProcessResultAndServes()
    {
        const string Spec = """
            {"dataset":"iris","target":"species","model":{"kind":"mlp","hidden":[16]},"epochs":5,"batchSize":16,"seed":7,"register":"iris-worker"}
            """;
        JsonNode inWorker;
        await using (var server = await ServerProcess.StartAsync(_temporary.Combine("process")))
        {
            using var http = server.CreateClient();
            await WorkerApi.PushDatasetAsync(http, "iris", "iris");
            var id = await WorkerApi.SubmitAsync(http, Spec);
            inWorker = await WorkerApi.WaitForEndAsync(http, id);
            Assert.True((string)inWorker["state"]! == "succeeded", inWorker.ToJsonString() + "\n" + server.Output);
            Assert.Contains(await WorkerApi.LogLinesAsync(http, id), l => l.StartsWith("Training in worker process ", StringComparison.Ordinal));

            var request = """{"inputs":[{"name":"features","datatype":"FP32","shape":[1,4],"data":[5.1,3.5,1.4,0.2]}],"outputs":[{"name":"label"}]}""";
            using var inferred = await http.PostAsync("/v2/models/iris-worker/infer", new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
            var answer = await inferred.Content.ReadAsStringAsync();
            Assert.True(inferred.IsSuccessStatusCode, answer);
            Assert.Contains((string)JsonNode.Parse(answer)!["outputs"]![0]!["data"]![0]!, new[] { "setosa", "versicolor", "virginica" });
        }

        await using (var server = await ServerProcess.StartAsync(_temporary.Combine("in-process"), (TimeSpan?)null, "--training-isolation", "in-process"))
        {
            using var http = server.CreateClient();
            await WorkerApi.PushDatasetAsync(http, "iris", "iris");
            var id = await WorkerApi.SubmitAsync(http, Spec);
            var inProcess = await WorkerApi.WaitForEndAsync(http, id);
            Assert.True((string)inProcess["state"]! == "succeeded", inProcess.ToJsonString());
            Assert.DoesNotContain(await WorkerApi.LogLinesAsync(http, id), l => l.StartsWith("Training in worker process ", StringComparison.Ordinal));

            // Same seed, same data, same engine: the same numbers wherever the trainer runs.
            Assert.Equal(inProcess["metrics"]!.ToJsonString(), inWorker["metrics"]!.ToJsonString());
            Assert.Equal(inProcess["history"]!.ToJsonString(), inWorker["history"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Job_WorkerRunsOutOfMemory_FailsWithTheReasonWhileServingGoesOn()
    {
        var environment = new Dictionary<string, string?>
        {
            [TestKeys.AdminKeyVariable] = TestKeys.Admin,
            ["MAAS_TEST_WORKER_ALLOCATE_BYTES"] = (512L << 20).ToString(CultureInfo.InvariantCulture),
        };
        await using var server = await ServerProcess.StartAsync(_temporary.Combine("data"), environment, null, "--max-job-memory", "160MiB");
        using var http = server.CreateClient();
        await WorkerApi.PushServingModelAsync(http, Served);
        await WorkerApi.PushDatasetAsync(http, "iris", "iris");
        var id = await WorkerApi.SubmitAsync(http, """{"dataset":"iris","target":"species","model":{"kind":"logistic"},"epochs":3,"register":"never"}""");

        // Inference answers all the while the worker grows and dies.
        var answered = 0;
        JsonNode job;
        while (true)
        {
            Assert.Equal(HttpStatusCode.OK, await WorkerApi.InferAsync(http, Served));
            answered++;
            job = await WorkerApi.GetAsync(http, $"/api/v1/jobs/{id}");
            if ((string)job["state"]! is "succeeded" or "failed" or "cancelled")
            {
                break;
            }
        }

        Assert.True((string)job["state"]! == "failed", job.ToJsonString());
        Assert.Equal("The training worker process ran out of memory (limit 160 MiB, --max-job-memory); give the job less data or a smaller model, or raise the limit.", (string)job["error"]!);
        Assert.True(answered >= 1);
        Assert.Equal(HttpStatusCode.OK, await WorkerApi.InferAsync(http, Served));
        Assert.False(server.HasExited);
    }

    [LinuxOrMacOSFact("SIGKILL and /proc are Unix.")]
    public async Task Job_WorkerKilled_FailsWithTheSignalWhileServingGoesOn()
    {
        await using var server = await ServerProcess.StartAsync(_temporary.Combine("data"));
        using var http = server.CreateClient();
        await WorkerApi.PushServingModelAsync(http, Served);
        await WorkerApi.PushDatasetAsync(http, "digits", "digits");
        var id = await WorkerApi.SubmitAsync(http, WorkerApi.LongDigitsSpec("digits-killed"));
        var worker = await WorkerApi.WorkerProcessIdAsync(http, id);
        await WorkerApi.WaitAsync(http, id, j => ((JsonArray)j["history"]!).Count >= 1);
        if (OperatingSystem.IsLinux())
        {
            // Serving wins the cores: the worker runs at a lower priority than the server.
            Assert.True(WorkerApi.NiceOf(worker) > WorkerApi.NiceOf(server.ProcessId), $"worker nice {WorkerApi.NiceOf(worker)}, server nice {WorkerApi.NiceOf(server.ProcessId)}");
        }

        using (var kill = Process.Start("kill", ["-KILL", worker.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var job = await WorkerApi.WaitForEndAsync(http, id);
        Assert.True((string)job["state"]! == "failed", job.ToJsonString());
        Assert.StartsWith("The training worker process was killed by signal 9 (SIGKILL)", (string)job["error"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await WorkerApi.InferAsync(http, Served));
        Assert.False(server.HasExited);
    }

    [LinuxOrMacOSFact("The test looks the worker up in /proc.")]
    public async Task Cancel_RunningJob_KillsItsWorkerProcess()
    {
        await using var server = await ServerProcess.StartAsync(_temporary.Combine("data"));
        using var http = server.CreateClient();
        await WorkerApi.PushDatasetAsync(http, "digits", "digits");
        var id = await WorkerApi.SubmitAsync(http, WorkerApi.LongDigitsSpec("digits-cancelled"));
        var worker = await WorkerApi.WorkerProcessIdAsync(http, id);
        Assert.True(WorkerApi.IsAlive(worker), $"worker {worker} is not running");

        (await http.PostAsync($"/api/v1/jobs/{id}/cancel", null)).EnsureSuccessStatusCode();

        var job = await WorkerApi.WaitForEndAsync(http, id);
        Assert.True((string)job["state"]! == "cancelled", job.ToJsonString());
        await Poll.UntilAsync(() => !WorkerApi.IsAlive(worker), $"worker process {worker} is gone", TimeSpan.FromSeconds(30));
    }

    [LinuxOrMacOSFact("SIGTERM and /proc are Unix.")]
    public async Task ServerStopped_MidJob_KillsTheWorkerAndTheNextStartResumes()
    {
        string id;
        int worker;
        await using (var first = await ServerProcess.StartAsync(_temporary.Combine("data")))
        {
            using var http = first.CreateClient();
            await WorkerApi.PushDatasetAsync(http, "digits", "digits");
            id = await WorkerApi.SubmitAsync(http, WorkerApi.LongDigitsSpec("digits-resumed", epochs: 40));
            worker = await WorkerApi.WorkerProcessIdAsync(http, id);
            var running = await WorkerApi.WaitAsync(http, id, j => ((JsonArray)j["history"]!).Count >= 3 || (string)j["state"]! is not ("running" or "queued"));
            Assert.True((string)running["state"]! == "running", "The job ended before the stop; make it longer: " + running.ToJsonString());

            await first.TerminateAsync();
            Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(30)) == 0, first.Output);
        }

        Assert.False(WorkerApi.IsAlive(worker), $"worker process {worker} outlived the server");
        await using var second = await ServerProcess.StartAsync(_temporary.Combine("data"));
        using var client = second.CreateClient();
        var job = await WorkerApi.WaitForEndAsync(client, id);
        Assert.True((string)job["state"]! == "succeeded", job.ToJsonString());
        Assert.Contains(await WorkerApi.LogLinesAsync(client, id), l => l.StartsWith("Resuming from the checkpoint after epoch ", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, 40), ((JsonArray)job["history"]!).Select(h => (int)h!["epoch"]!));
    }

    public void Dispose() => _temporary.Dispose();
}
