using System.Text.Json;
using Maas.Core.Registry;
using Maas.Core.Training;

namespace Maas.Storage.Tests.Contracts;

/// <summary>
/// Which blobs the metadata still names, across the aggregates: what the registry asks before it deletes a blob, so
/// an implementation that forgets a reference loses data.
/// </summary>
public abstract class BlobReferencesContract : StoreContract
{
    private static readonly IReadOnlyList<DatasetColumn> Columns =
    [
        new("x", DatasetColumnKind.Numeric, 3, 1, 2.5, 0.5, 2, 3, 2, []),
        new("label", DatasetColumnKind.Categorical, 4, 0, null, null, null, null, 2, [new("a", 3), new("b", 1)]),
    ];

    private static JsonElement Spec => JsonDocument.Parse("""{"dataset":"d","target":"label","register":"m"}""").RootElement.Clone();

    [Fact]
    public async Task ReferencedDigests_AcrossModelsAndDeletes_TrackExistingVersions()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Models.CreateModelAsync(new CreateModelRequest("churn"), None);
        await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
        await Models.AddVersionAsync("churn", Blob('a'), Signature, null, None);
        await Models.AddVersionAsync("churn", Blob('b'), Signature, null, None);

        Assert.Equal([Blob('a').Digest, Blob('b').Digest], (await References.ListReferencedDigestsAsync(None)).Order());
        Assert.True(await References.IsBlobReferencedAsync(Blob('b').Digest, None));
        Assert.False(await References.IsBlobReferencedAsync(Blob('c').Digest, None));

        await Models.DeleteVersionAsync("churn", 2, None);
        await Models.DeleteVersionAsync("churn", 1, None);

        Assert.False(await References.IsBlobReferencedAsync(Blob('b').Digest, None));
        Assert.True(await References.IsBlobReferencedAsync(Blob('a').Digest, None));
        Assert.Equal([Blob('a').Digest], await References.ListReferencedDigestsAsync(None));
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
}
