using System.Net;
using System.Text;
using Maas.Client;
using Maas.Client.Training;
using Maas.Core.Training;

namespace Maas.Cli.Tests.Training;

/// <summary>The client's dataset and job calls against a stub handler: paths, bodies, and the contract's JSON shapes.</summary>
public sealed class TrainingClientTests
{
    private static readonly Uri Server = new("http://127.0.0.1:8000");

    [Fact]
    public async Task PushDataset_StreamsCsvAndReadsTheSchema()
    {
        using var handler = new StubHandler(_ => Json(TrainingJson.DatasetVersion, HttpStatusCode.Created));
        using var client = new MaasClient(Server, handler: handler);
        var csv = "a,b\n1,x\n"u8.ToArray();
        var reported = new List<long>();

        var version = await client.PushDatasetAsync("iris", new MemoryStream(csv), new SynchronousProgress(reported.Add));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/v1/datasets/iris/versions", request.RequestUri!.AbsolutePath);
        Assert.Equal("text/csv", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(csv, handler.Bodies[0]);
        Assert.Equal(csv.Length, reported[^1]);
        Assert.Equal(("iris", 2, 150L), (version.Dataset, version.Version, version.Rows));
        Assert.Equal(2, version.Columns.Count);
        var numeric = version.Columns[0];
        Assert.Equal((DatasetColumnKind.Numeric, 149L, 1L, 35L), (numeric.Kind, numeric.Count, numeric.Missing, numeric.Distinct));
        Assert.Equal(5.843333, numeric.Mean);
        var categorical = version.Columns[1];
        Assert.Equal(DatasetColumnKind.Categorical, categorical.Kind);
        Assert.Null(categorical.Mean);
        Assert.Equal(new DatasetCategoryCount("setosa", 50), categorical.TopCategories[0]);
    }

    [Fact]
    public async Task Datasets_ListShowAndDelete_UseTheContractPaths()
    {
        using var handler = new StubHandler(request => request.RequestUri!.AbsolutePath switch
        {
            "/api/v1/datasets" => Json("""{"datasets":[{"name":"iris","created":"2026-05-01T10:00:00Z","latestVersion":2,"versionCount":2}]}"""),
            "/api/v1/datasets/iris" when request.Method == HttpMethod.Get =>
                Json($$"""{"name":"iris","created":"2026-05-01T10:00:00Z","versions":[{{TrainingJson.DatasetVersion}}]}"""),
            "/api/v1/datasets/iris/versions/2" when request.Method == HttpMethod.Get => Json(TrainingJson.DatasetVersion),
            _ => new HttpResponseMessage(HttpStatusCode.NoContent),
        });
        using var client = new MaasClient(Server, handler: handler);

        var list = await client.ListDatasetsAsync();
        var dataset = await client.GetDatasetAsync("iris");
        var version = await client.GetDatasetVersionAsync("iris", 2);
        await client.DeleteDatasetVersionAsync("iris", 2);
        await client.DeleteDatasetAsync("iris");

        Assert.Equal(new DatasetSummary("iris", DateTimeOffset.Parse("2026-05-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), 2, 2), Assert.Single(list));
        Assert.Equal(2, Assert.Single(dataset.Versions).Version);
        Assert.Equal(150, version.Rows);
        Assert.Equal(
            ["GET /api/v1/datasets", "GET /api/v1/datasets/iris", "GET /api/v1/datasets/iris/versions/2", "DELETE /api/v1/datasets/iris/versions/2", "DELETE /api/v1/datasets/iris"],
            handler.Requests.Select(r => $"{r.Method} {r.RequestUri!.AbsolutePath}"));
    }

    [Fact]
    public async Task StartJob_TypedSpec_SendsCamelCaseLowerCaseEnumsWithDefaultsAndWithoutNulls()
    {
        using var handler = new StubHandler(_ => Json(TrainingJson.Job("queued"), HttpStatusCode.Accepted));
        using var client = new MaasClient(Server, handler: handler);
        var spec = new TrainingSpec
        {
            Dataset = "iris",
            Target = "species",
            Missing = MissingPolicy.MostFrequent,
            Model = new ModelSpec { Kind = ModelKind.Cnn, Cnn = new CnnSpec { InputShape = [1, 2, 2], Conv = [new ConvLayerSpec { Filters = 4, Pool = true }] } },
            Optimizer = new OptimizerSpec { Kind = OptimizerKind.AdamW },
            Loss = LossKind.SoftmaxCrossEntropy,
            EarlyStopping = new EarlyStoppingSpec { Metric = StoppingMetric.R2 },
            Register = "iris-clf",
        };

        var job = await client.StartJobAsync(spec);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST /api/v1/jobs", $"{request.Method} {request.RequestUri!.AbsolutePath}");
        SpecJson.AssertSent(
            """
            {"dataset":"iris","target":"species","missing":"mostfrequent",
             "model":{"kind":"cnn","cnn":{"inputShape":[1,2,2],"conv":[{"filters":4,"pool":true}]}},
             "optimizer":{"kind":"adamw"},"loss":"softmaxcrossentropy","earlyStopping":{"metric":"r2"},"register":"iris-clf"}
            """,
            Encoding.UTF8.GetString(handler.Bodies[0]));
        Assert.Equal((JobState.Queued, "job-0123456789ab"), (job.State, job.Id));
    }

    [Fact]
    public async Task StartJob_JsonText_IsSentAsItIs()
    {
        const string Spec = """{"dataset":"iris","target":"species","model":{"kind":"linear"},"register":"x","bogus":1}""";
        using var handler = new StubHandler(_ => Json(TrainingJson.Job("queued"), HttpStatusCode.Accepted));
        using var client = new MaasClient(Server, handler: handler);

        await client.StartJobAsync(Spec);

        Assert.Equal(Spec, Encoding.UTF8.GetString(handler.Bodies[0]));
        Assert.Equal("application/json", handler.Requests[0].Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task GetJob_ContractJson_ReadsEveryMember()
    {
        using var handler = new StubHandler(_ => Json(TrainingJson.Job()));
        using var client = new MaasClient(Server, handler: handler);

        var job = await client.GetJobAsync("job-0123456789ab");

        Assert.Equal("/api/v1/jobs/job-0123456789ab", handler.Requests[0].RequestUri!.AbsolutePath);
        Assert.True(job.IsTerminal);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal((3, 3, 100.0), (job.Progress.Epoch, job.Progress.Epochs, job.Progress.Percent));
        Assert.Equal(3, job.History.Count);
        Assert.Equal(0.5, job.History[2].ValidationLoss);
        Assert.Equal(0.913, job.History[2].Metrics!["accuracy"]);
        Assert.Equal(0.9565, job.Metrics!["test"]["accuracy"]);
        Assert.Equal(new JobResult("iris-clf", 4), job.Result);
        Assert.Null(job.Error);

        var spec = TrainingSpec.FromJson(job.Spec);
        Assert.NotNull(spec);
        Assert.Equal(("iris", 2, "species", "iris-clf"), (spec.Dataset, spec.DatasetVersion, spec.Target, spec.Register));
        Assert.Equal((ModelKind.Logistic, OptimizerKind.AdamW, MissingPolicy.MostFrequent), (spec.Model.Kind, spec.Optimizer.Kind, spec.Missing));
        Assert.Equal((StoppingMetric.Accuracy, 2), (spec.EarlyStopping!.Metric, spec.EarlyStopping.Patience));
        Assert.Equal(LossKind.SoftmaxCrossEntropy, spec.Loss);
    }

    [Fact]
    public async Task Jobs_ListLogsAndCancel_UseTheContractPathsAndShapes()
    {
        using var handler = new StubHandler(request => request.RequestUri!.PathAndQuery switch
        {
            "/api/v1/jobs?pageSize=1000&state=running" => Json($$"""{"jobs":[{{TrainingJson.RunningJob()}}]}"""),
            "/api/v1/jobs/job-0123456789ab/logs" => Json("""{"lines":[{"time":"2026-05-01T10:00:01Z","message":"epoch 1 done"}]}"""),
            "/api/v1/jobs/job-0123456789ab/cancel" => Json(TrainingJson.Job("cancelled", "cancelled by a caller"), HttpStatusCode.Accepted),
            var other => throw new InvalidOperationException("Unexpected request " + other),
        });
        using var client = new MaasClient(Server, handler: handler);

        var jobs = await client.ListJobsAsync(JobState.Running);
        var lines = await client.GetJobLogsAsync("job-0123456789ab");
        var cancelled = await client.CancelJobAsync("job-0123456789ab");

        Assert.Equal(JobState.Running, Assert.Single(jobs).State);
        Assert.Equal("epoch 1 done", Assert.Single(lines).Message);
        Assert.Equal(HttpMethod.Post, handler.Requests[2].Method);
        Assert.Equal((JobState.Cancelled, "cancelled by a caller"), (cancelled.State, cancelled.Error));
        Assert.Null(cancelled.Result);
    }

    [Fact]
    public async Task GetVersion_WithLineage_ReadsTheLineage()
    {
        var body = """
            {"model":"iris-clf","version":4,"digest":"sha256:00","size":10,"created":"2026-05-01T10:00:05Z",
             "signature":{"inputs":[],"outputs":[]},"aliases":[],
             "lineage":{"jobId":"job-0123456789ab","dataset":"iris","datasetVersion":2,"datasetDigest":"sha256:2c26",
                        "metrics":{"test":{"accuracy":0.9565}},"spec":
            """ + TrainingJson.Spec + "}}";
        using var handler = new StubHandler(_ => Json(body));
        using var client = new MaasClient(Server, handler: handler);

        var version = await client.GetVersionAsync("iris-clf", 4);

        var lineage = Assert.IsType<ModelLineage>(version.Lineage);
        Assert.Equal(("job-0123456789ab", "iris", 2, "sha256:2c26"), (lineage.JobId, lineage.Dataset, lineage.DatasetVersion, lineage.DatasetDigest));
        Assert.Equal("iris-clf", TrainingSpec.FromJson(lineage.Spec)!.Register);
        Assert.Equal(0.9565, lineage.Metrics!["test"]["accuracy"]);
    }

    internal static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
