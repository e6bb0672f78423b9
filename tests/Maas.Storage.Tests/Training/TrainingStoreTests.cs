using System.Text.Json;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Training;

namespace Maas.Storage.Tests.Training;

/// <summary>Datasets, jobs, job logs and lineage in the SQLite store (migration 4), on a real database file.</summary>
public sealed class TrainingStoreTests : RegistryStoreTestBase
{
    private static readonly IReadOnlyList<DatasetColumn> Columns =
    [
        new("x", DatasetColumnKind.Numeric, 3, 1, 2.5, 0.5, 2, 3, 2, []),
        new("label", DatasetColumnKind.Categorical, 4, 0, null, null, null, null, 2, [new("a", 3), new("b", 1)]),
    ];

    private static JsonElement Spec => JsonDocument.Parse("""{"dataset":"d","target":"label","register":"m"}""").RootElement.Clone();

    [Fact]
    public async Task DatasetVersions_AreNumberedAndNeverReused()
    {
        var first = await Datasets.AddDatasetVersionAsync("d", Blob('a'), 4, Columns, None);
        await Datasets.AddDatasetVersionAsync("d", Blob('b'), 5, Columns, None);
        await Datasets.DeleteDatasetVersionAsync("d", 2, None);
        var third = await Datasets.AddDatasetVersionAsync("d", Blob('c'), 6, Columns, None);

        Assert.Equal(1, first.Version);
        Assert.Equal(3, third.Version);
        var dataset = await Datasets.GetDatasetAsync("d", None);
        Assert.Equal([3, 1], dataset!.Versions.Select(v => v.Version));
        Assert.Equal(Start, dataset.Created);
        var latest = await Datasets.GetDatasetVersionAsync("d", null, None);
        Assert.Equal(6, latest!.Rows);
        Assert.Equal(Columns, latest.Columns, new ColumnComparer());
        Assert.Equal(new DatasetSummary("d", Start, 3, 2), (await Datasets.ListDatasetsAsync(None)).Single());
    }

    [Fact]
    public async Task DeleteDataset_ReturnsEveryVersion_AndUnknownIsNotFound()
    {
        await Datasets.AddDatasetVersionAsync("d", Blob('a'), 4, Columns, None);
        await Datasets.AddDatasetVersionAsync("d", Blob('b'), 4, Columns, None);

        var deleted = await Datasets.DeleteDatasetAsync("d", None);

        Assert.Equal(["sha256:" + new string('a', 64), "sha256:" + new string('b', 64)], deleted.Select(d => d.Digest).Order(StringComparer.Ordinal));
        Assert.Null(await Datasets.GetDatasetAsync("d", None));
        var missing = await Assert.ThrowsAsync<MaasException>(() => Datasets.DeleteDatasetAsync("d", None));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
        var noVersion = await Assert.ThrowsAsync<MaasException>(() => Datasets.DeleteDatasetVersionAsync("d", 1, None));
        Assert.Contains("'d' does not exist", noVersion.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferencedDigests_IncludeDatasets_ActiveJobData_AndCheckpoints()
    {
        var dataset = await Datasets.AddDatasetVersionAsync("d", Blob('a'), 4, Columns, None);
        await Jobs.CreateJobAsync(new NewJob("job-000000000001", Spec.GetRawText(), "m", "d", 1, dataset.Digest, "key"), None);
        await Datasets.DeleteDatasetVersionAsync("d", 1, None);

        // The dataset version is gone, but the queued job still needs its data.
        Assert.True(await References.IsBlobReferencedAsync(dataset.Digest, None));
        await Jobs.TryStartJobAsync("job-000000000001", None);
        await Jobs.SaveJobCheckpointAsync("job-000000000001", Blob('c').Digest, 1, None);
        Assert.Contains(Blob('c').Digest, await References.ListReferencedDigestsAsync(None));

        var (finished, checkpoint) = await Jobs.FinishJobAsync("job-000000000001", new JobOutcome(JobState.Failed, null, null, "broken"), None);

        Assert.True(finished);
        Assert.Equal(Blob('c').Digest, checkpoint);
        Assert.False(await References.IsBlobReferencedAsync(dataset.Digest, None));
        Assert.False(await References.IsBlobReferencedAsync(Blob('c').Digest, None));
    }

    [Fact]
    public async Task Job_Lifecycle_PersistsEveryField()
    {
        var created = await Jobs.CreateJobAsync(new NewJob("job-0000000000aa", Spec.GetRawText(), "m", "d", 2, Blob('a').Digest, "owner"), None);
        Assert.Equal(JobState.Queued, created.Info.State);
        Assert.Null(created.Info.Started);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var started = await Jobs.TryStartJobAsync(created.Info.Id, None);
        Assert.Equal(JobState.Running, started!.Info.State);
        Assert.Equal(Start.AddSeconds(1), started.Info.Started);
        Assert.Null(await Jobs.TryStartJobAsync(created.Info.Id, None));

        var history = new[] { new JobEpoch(1, 0.9, 0.8, new Dictionary<string, double> { ["accuracy"] = 0.7 }) };
        await Jobs.SaveJobProgressAsync(created.Info.Id, new JobProgress(1, 5, 10, 10, 20, 12.5), history, None);
        Assert.Null(await Jobs.SaveJobCheckpointAsync(created.Info.Id, Blob('b').Digest, 1, None));
        Assert.Equal(Blob('b').Digest, await Jobs.SaveJobCheckpointAsync(created.Info.Id, Blob('c').Digest, 2, None));
        await Jobs.AppendJobLogAsync(created.Info.Id, [new JobLogLine(Start, "one"), new JobLogLine(Start.AddSeconds(1), "two")], None);

        var running = (await Jobs.GetJobAsync(created.Info.Id, None))!;
        Assert.Equal(new JobProgress(1, 5, 10, 10, 20, 12.5), running.Info.Progress);
        Assert.Equal(0.7, running.Info.History.Single().Metrics!["accuracy"]);
        Assert.Equal(Blob('c').Digest, running.CheckpointDigest);
        Assert.Equal(2, running.CheckpointEpoch);
        Assert.Equal("owner", running.OwnerKeyId);
        Assert.Equal("d", running.Info.Spec.GetProperty("dataset").GetString());

        // A restart puts it back in the queue with its checkpoint; starting again keeps the first start time.
        Assert.Equal(1, await Jobs.RequeueRunningJobsAsync(None));
        Clock.Advance(TimeSpan.FromSeconds(5));
        var resumed = await Jobs.TryStartJobAsync(created.Info.Id, None);
        Assert.Equal(Start.AddSeconds(1), resumed!.Info.Started);
        Assert.Equal(Blob('c').Digest, resumed.CheckpointDigest);

        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["test"] = new Dictionary<string, double> { ["accuracy"] = 0.9 } };
        await Jobs.FinishJobAsync(created.Info.Id, new JobOutcome(JobState.Succeeded, metrics, new JobResult("m", 3), null), None);
        var done = (await Jobs.GetJobAsync(created.Info.Id, None))!;
        Assert.Equal(JobState.Succeeded, done.Info.State);
        Assert.Equal(new JobResult("m", 3), done.Info.Result);
        Assert.Equal(0.9, done.Info.Metrics!["test"]["accuracy"]);
        Assert.Null(done.CheckpointDigest);
        Assert.False((await Jobs.FinishJobAsync(created.Info.Id, new JobOutcome(JobState.Failed, null, null, "late"), None)).Finished);
        Assert.Equal(["one", "two"], (await Jobs.ReadJobLogAsync(created.Info.Id, None)).Select(l => l.Message));
        Assert.Single(await Jobs.ListJobsAsync(JobState.Succeeded, None));
        Assert.Empty(await Jobs.ListJobsAsync(JobState.Running, None));
    }

    [Fact]
    public async Task CancelQueued_OnlyWhileQueued()
    {
        await Jobs.CreateJobAsync(new NewJob("job-0000000000b1", Spec.GetRawText(), "m", "d", 1, Blob('a').Digest, "k"), None);
        await Jobs.CreateJobAsync(new NewJob("job-0000000000b2", Spec.GetRawText(), "m", "d", 1, Blob('a').Digest, "k"), None);
        await Jobs.TryStartJobAsync("job-0000000000b2", None);

        Assert.True(await Jobs.CancelQueuedJobAsync("job-0000000000b1", None));
        Assert.False(await Jobs.CancelQueuedJobAsync("job-0000000000b2", None));
        Assert.Equal(JobState.Cancelled, (await Jobs.GetJobAsync("job-0000000000b1", None))!.Info.State);
        Assert.Null(await Jobs.TryStartJobAsync("job-0000000000b1", None));
    }

    [Fact]
    public async Task TrainedVersion_CarriesLineage_UploadsDoNot()
    {
        await Models.CreateModelAsync(new CreateModelRequest("m"), None);
        await Models.AddVersionAsync("m", Blob('a'), Signature, null, None);
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["test"] = new Dictionary<string, double> { ["r2"] = 0.5 } };
        var lineage = new ModelLineage("job-0123456789ab", "d", 4, Blob('d').Digest, Spec, metrics);

        var trained = await Models.AddVersionAsync("m", Blob('b'), Signature, lineage, None);

        Assert.Equal(2, trained.Version);
        var read = await Models.GetVersionAsync("m", 2, None);
        Assert.Equal("job-0123456789ab", read!.Lineage!.JobId);
        Assert.Equal(4, read.Lineage.DatasetVersion);
        Assert.Equal(Blob('d').Digest, read.Lineage.DatasetDigest);
        Assert.Equal("label", read.Lineage.Spec.GetProperty("target").GetString());
        Assert.Equal(0.5, read.Lineage.Metrics!["test"]["r2"]);
        Assert.Null((await Models.GetVersionAsync("m", 1, None))!.Lineage);
        Assert.Equal([true, false], (await Models.ListVersionsAsync("m", None)).Select(v => v.Lineage is not null));
        var missing = await Assert.ThrowsAsync<MaasException>(() => Models.AddVersionAsync("nope", Blob('b'), Signature, lineage, None));
        Assert.Equal(ErrorCode.NotFound, missing.Code);
    }

    private sealed class ColumnComparer : IEqualityComparer<DatasetColumn>
    {
        public bool Equals(DatasetColumn? x, DatasetColumn? y) =>
            x is not null && y is not null && (x with { TopCategories = [] }) == (y with { TopCategories = [] }) && x.TopCategories.SequenceEqual(y.TopCategories);

        public int GetHashCode(DatasetColumn obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
