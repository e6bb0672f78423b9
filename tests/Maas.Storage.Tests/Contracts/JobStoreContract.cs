using System.Text.Json;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Training;

namespace Maas.Storage.Tests.Contracts;

/// <summary>Training jobs and their logs, as every implementation of <see cref="Core.Training.IJobStore"/> must keep them.</summary>
public abstract class JobStoreContract : StoreContract
{
    private static JsonElement Spec => JsonDocument.Parse("""{"dataset":"d","target":"label","register":"m"}""").RootElement.Clone();

    [Fact]
    public async Task ListJobsPage_PagesNewestFirstByKey_AndNewJobsDoNotShiftLaterPages()
    {
        for (var i = 0; i < 5; i++)
        {
            await Jobs.CreateJobAsync(new NewJob($"job-00000000000{i}", Spec.GetRawText(), "m", "d", 1, Blob('a').Digest, "owner"), None);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await Jobs.ListJobsPageAsync(null, 2, null, None);
        Assert.Equal(["job-000000000004", "job-000000000003"], first.Jobs.Select(j => j.Info.Id));
        Assert.Equal("job-000000000003", first.NextPageToken);

        await Jobs.CreateJobAsync(new NewJob("job-000000000009", Spec.GetRawText(), "m", "d", 1, Blob('a').Digest, "owner"), None);
        var second = await Jobs.ListJobsPageAsync(null, 2, first.NextPageToken, None);
        Assert.Equal(["job-000000000002", "job-000000000001"], second.Jobs.Select(j => j.Info.Id));
        var last = await Jobs.ListJobsPageAsync(null, 2, second.NextPageToken, None);
        Assert.Equal(["job-000000000000"], last.Jobs.Select(j => j.Info.Id));
        Assert.Null(last.NextPageToken);

        Assert.True(await Jobs.CancelQueuedJobAsync("job-000000000002", None));
        var cancelled = await Jobs.ListJobsPageAsync(JobState.Cancelled, 10, null, None);
        Assert.Equal(["job-000000000002"], cancelled.Jobs.Select(j => j.Info.Id));
    }

    [Fact]
    public async Task CountActiveJobs_CountsQueuedAndRunningJobsOfOneKey()
    {
        await Jobs.CreateJobAsync(new NewJob("job-0000000000a1", Spec.GetRawText(), "m", "d", 1, Blob('a').Digest, "k1"), None);
        await Jobs.CreateJobAsync(new NewJob("job-0000000000a2", Spec.GetRawText(), "m", "d", 1, Blob('a').Digest, "k1"), None);
        await Jobs.CreateJobAsync(new NewJob("job-0000000000a3", Spec.GetRawText(), "m", "d", 1, Blob('a').Digest, "k1"), None);
        await Jobs.CreateJobAsync(new NewJob("job-0000000000b1", Spec.GetRawText(), "m", "d", 1, Blob('a').Digest, "k2"), None);
        await Jobs.TryStartJobAsync("job-0000000000a2", None);
        await Jobs.CancelQueuedJobAsync("job-0000000000a3", None);

        Assert.Equal(2, await Jobs.CountActiveJobsAsync("k1", None));
        Assert.Equal(1, await Jobs.CountActiveJobsAsync("k2", None));
        Assert.Equal(0, await Jobs.CountActiveJobsAsync("k3", None));
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
}
