using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Maas.Cli.Tests.Training;

/// <summary>
/// Datasets and training driven through the <c>maas</c> executable against a real server: push iris, look at its
/// schema, train a logistic model for three epochs, and find the job, its metrics and the model's lineage.
/// </summary>
public sealed class TrainingRoundTripTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Iris_PushShowTrainAndInspect_RoundTripsThroughTheServer()
    {
        await RequireTrainingEndpointsAsync();
        var csv = TestFixtures.Dataset("iris");

        var pushed = await Succeeds("datasets", "push", "iris", csv);
        Assert.Contains("Pushed iris version 1.", pushed.Stdout, StringComparison.Ordinal);
        Assert.Contains(Digest(csv), pushed.Stdout, StringComparison.Ordinal);
        Assert.Contains("setosa (50)", pushed.Stdout, StringComparison.Ordinal);

        var shown = await Succeeds("datasets", "show", "iris");
        Assert.Contains("Schema of version 1 (150 rows)", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("petal_width", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("categorical", shown.Stdout, StringComparison.Ordinal);

        var listed = await Succeeds("datasets", "list", "--json");
        using (var json = JsonDocument.Parse(listed.Stdout))
        {
            Assert.Contains(json.RootElement.GetProperty("datasets").EnumerateArray(), d => d.GetProperty("name").GetString() == "iris");
        }

        var trained = await Succeeds("train", "--dataset", "iris", "--target", "species", "--model", "logistic", "--epochs", "3", "--lr", "0.1", "--register", "iris-clf");
        Assert.Contains("succeeded", trained.Stdout, StringComparison.Ordinal);
        Assert.Contains("registered iris-clf version 1", trained.Stdout, StringComparison.Ordinal);
        Assert.Contains("accuracy", trained.Stdout, StringComparison.Ordinal);
        Assert.Contains("epoch 3/3", trained.Stderr, StringComparison.Ordinal);

        var jobs = await Succeeds("jobs", "list", "--json");
        string id;
        using (var json = JsonDocument.Parse(jobs.Stdout))
        {
            id = json.RootElement.GetProperty("jobs")[0].GetProperty("id").GetString()!;
        }

        var job = await Succeeds("jobs", "show", id);
        Assert.Contains("succeeded", job.Stdout, StringComparison.Ordinal);
        Assert.Contains("VALIDATION LOSS", job.Stdout, StringComparison.Ordinal);
        Assert.Contains("iris-clf version 1", job.Stdout, StringComparison.Ordinal);

        var jobJson = await Succeeds("jobs", "show", id, "--json");
        using (var json = JsonDocument.Parse(jobJson.Stdout))
        {
            Assert.Equal("succeeded", json.RootElement.GetProperty("state").GetString());
            var accuracy = json.RootElement.GetProperty("metrics").GetProperty("test").GetProperty("accuracy").GetDouble();
            Assert.InRange(accuracy, 0, 1);
            Assert.Equal(3, json.RootElement.GetProperty("history").GetArrayLength());
        }

        await Succeeds("jobs", "logs", id);

        var model = await Succeeds("models", "show", "iris-clf");
        Assert.Contains($"Trained by job {id}", model.Stdout, StringComparison.Ordinal);
        Assert.Contains("iris@1", model.Stdout, StringComparison.Ordinal);
        Assert.Contains(Digest(csv), model.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_UnknownTargetColumn_ExitsOneNamingIt()
    {
        await RequireTrainingEndpointsAsync();
        await Succeeds("datasets", "push", "iris-bad-target", TestFixtures.Dataset("iris"));

        var result = await server.RunAsync("train", "--dataset", "iris-bad-target", "--target", "no_such_column", "--model", "logistic", "--epochs", "1", "--register", "never");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("no_such_column", result.Stderr, StringComparison.Ordinal);
    }

    // These tests need the server's dataset and job endpoints; say so plainly rather than fail on a confusing 404.
    private async Task RequireTrainingEndpointsAsync()
    {
        using var http = server.CreateClient();
        using var datasets = await http.GetAsync(new Uri("api/v1/datasets", UriKind.Relative));
        using var jobs = await http.GetAsync(new Uri("api/v1/jobs", UriKind.Relative));
        Assert.True(
            datasets.StatusCode != HttpStatusCode.NotFound && jobs.StatusCode != HttpStatusCode.NotFound,
            $"The server has no training endpoints yet (GET /api/v1/datasets: {(int)datasets.StatusCode}, GET /api/v1/jobs: {(int)jobs.StatusCode}).");
    }

    private async Task<CommandResult> Succeeds(params string[] arguments)
    {
        var result = await server.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"maas {string.Join(' ', arguments)}\n{result}\n--- server\n{server.ServerOutput}");
        return result;
    }

    private static string Digest(string path) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
