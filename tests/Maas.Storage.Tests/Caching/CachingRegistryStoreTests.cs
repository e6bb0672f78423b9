using System.Text.Json;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Training;
using Maas.Storage.Caching;
using Maas.Storage.Sqlite;
using Maas.Storage.Tests.Sqlite;

namespace Maas.Storage.Tests.Caching;

/// <summary>
/// What the cache does beyond being transparent (which the model-store contracts check through it): the reads every
/// inference request makes reach the database once, and no write, however it ends, leaves a stale answer behind.
/// </summary>
public sealed class CachingRegistryStoreTests : SqliteTestBase
{
    private ObservedRegistryStore _database = null!;
    private CachingRegistryStore _cache = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _database = new ObservedRegistryStore(new SqliteRegistryStore(Database));
        _cache = new CachingRegistryStore(_database);
        await _cache.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await _cache.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
    }

    [Fact]
    public async Task Reads_Repeated_ReachTheStoreOnce()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await _cache.GetModelAsync("fraud", None));
            Assert.NotNull(await _cache.GetVersionAsync("fraud", 1, None));
            Assert.Null(await _cache.GetVersionAsync("fraud", 2, None));
            Assert.Equal(ModelServingConfig.Default, await _cache.GetServingConfigAsync("fraud", None));
            Assert.Null(await _cache.GetModelAsync("ghost", None));
        }

        Assert.Equal(2, _database.Calls(nameof(CachingRegistryStore.GetModelAsync)));
        Assert.Equal(2, _database.Calls(nameof(CachingRegistryStore.GetVersionAsync)));
        Assert.Equal(1, _database.Calls(nameof(CachingRegistryStore.GetServingConfigAsync)));
    }

    [Fact]
    public async Task Lists_AreNotCached()
    {
        await _cache.ListVersionsAsync("fraud", None);
        await _cache.ListVersionsAsync("fraud", None);
        await _cache.ListModelsAsync(10, null, None);
        await _cache.ListModelsAsync(10, null, None);

        Assert.Equal(2, _database.Calls(nameof(CachingRegistryStore.ListVersionsAsync)));
        Assert.Equal(2, _database.Calls(nameof(CachingRegistryStore.ListModelsAsync)));
    }

    [Fact]
    public async Task AddVersionAsync_TrainedVersion_IsSeenByTheNextRead()
    {
        // Cache the model and the answer "no version 2", then register a trained version: the write the server once
        // had to route around the cache by type test.
        Assert.Equal(1, (await _cache.GetModelAsync("fraud", None))!.LatestVersion);
        Assert.Null(await _cache.GetVersionAsync("fraud", 2, None));
        var lineage = new ModelLineage("job-0123456789ab", "d", 1, Blob('d').Digest, JsonDocument.Parse("{}").RootElement.Clone(), null);

        await _cache.AddVersionAsync("fraud", Blob('b'), Signature, lineage, None);

        Assert.Equal(2, (await _cache.GetModelAsync("fraud", None))!.LatestVersion);
        Assert.Equal("job-0123456789ab", (await _cache.GetVersionAsync("fraud", 2, None))!.Lineage!.JobId);
    }

    [Fact]
    public async Task Writes_EachInvalidateWhatTheyTouched()
    {
        await _cache.AddVersionAsync("fraud", Blob('b'), Signature, null, None);
        await Warm();
        await _cache.SetAliasAsync("fraud", "production", 2, None);
        Assert.Equal(2, (await _cache.GetModelAsync("fraud", None))!.Aliases["production"]);
        Assert.Equal(["production"], (await _cache.GetVersionAsync("fraud", 2, None))!.Aliases);

        await Warm();
        await _cache.DeleteAliasAsync("fraud", "production", None);
        Assert.Empty((await _cache.GetModelAsync("fraud", None))!.Aliases);

        await Warm();
        await _cache.UpdateModelAsync("fraud", new UpdateModelRequest(Description: "scores"), None);
        Assert.Equal("scores", (await _cache.GetModelAsync("fraud", None))!.Description);

        await Warm();
        var config = ModelServingConfig.Default with { MaxBatchSize = 8 };
        await _cache.SetServingConfigAsync("fraud", config, None);
        Assert.Equal(config, await _cache.GetServingConfigAsync("fraud", None));

        await Warm();
        await _cache.DeleteVersionAsync("fraud", 2, None);
        Assert.Null(await _cache.GetVersionAsync("fraud", 2, None));
        await _cache.DeleteVersionAsync("fraud", 1, None);

        await Warm();
        await _cache.DeleteModelAsync("fraud", None);
        Assert.Null(await _cache.GetModelAsync("fraud", None));

        // Model absent is cached too, and creating it must replace that answer.
        await _cache.CreateModelAsync(new CreateModelRequest("fraud", "again"), None);
        Assert.Equal("again", (await _cache.GetModelAsync("fraud", None))!.Description);
    }

    [Fact]
    public async Task Write_AppliedButFailed_StillInvalidates()
    {
        await Warm();
        _database.FailAfterWrites = true;

        await Assert.ThrowsAsync<MaasException>(() => _cache.SetAliasAsync("fraud", "production", 1, None));

        _database.FailAfterWrites = false;
        Assert.Equal(1, (await _cache.GetModelAsync("fraud", None))!.Aliases["production"]);
    }

    [Fact]
    public async Task Read_OverlappingAWrite_DoesNotKeepItsStaleAnswer()
    {
        var readDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _database.BeforeModelReturned = async () =>
        {
            _database.BeforeModelReturned = null;
            readDone.SetResult();
            await release.Task;
        };

        // The read fetches the old description, then the write lands and invalidates, then the read stores its answer.
        var stale = _cache.GetModelAsync("fraud", None);
        await readDone.Task;
        await _cache.UpdateModelAsync("fraud", new UpdateModelRequest(Description: "new"), None);
        release.SetResult();

        Assert.Equal(string.Empty, (await stale)!.Description);
        Assert.Equal("new", (await _cache.GetModelAsync("fraud", None))!.Description);
    }

    // Puts the model, its versions and its serving config in the cache.
    private async Task Warm()
    {
        await _cache.GetModelAsync("fraud", None);
        await _cache.GetVersionAsync("fraud", 1, None);
        await _cache.GetVersionAsync("fraud", 2, None);
        await _cache.GetServingConfigAsync("fraud", None);
    }
}
