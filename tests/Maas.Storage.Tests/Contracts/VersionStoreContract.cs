using System.Text.Json;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Training;

namespace Maas.Storage.Tests.Contracts;

/// <summary>Model versions, uploaded and trained: numbering under concurrency, reads, deletion rules.</summary>
public abstract class VersionStoreContract : StoreContract
{
    private static JsonElement Spec => JsonDocument.Parse("""{"dataset":"d","target":"label","register":"m"}""").RootElement.Clone();

    [Fact]
    public async Task AddVersionAsync_FirstVersion_IsOneAndReadsBackExactly()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        Clock.Advance(TimeSpan.FromTicks(7));

        var added = await Models.AddVersionAsync("fraud", Blob('a', 50281), Signature, null, None);
        var read = await Models.GetVersionAsync("fraud", 1, None);

        foreach (var version in new[] { added, read! })
        {
            Assert.Equal(("fraud", 1, Blob('a').Digest, 50281L), (version.Model, version.Version, version.Digest, version.Size));
            Assert.Equal(Start.AddTicks(7), version.Created);
            Assert.Empty(version.Aliases);
            var input = Assert.Single(version.Signature.Inputs);
            Assert.Equal(("features", TensorDataType.FP32), (input.Name, input.Datatype));
            Assert.Equal([-1L, 30L], input.Shape);
            Assert.Equal("probability", Assert.Single(version.Signature.Outputs).Name);
        }
    }

    [Fact]
    public async Task AddVersionAsync_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Models.AddVersionAsync("ghost", Blob('a'), Signature, null, None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'ghost' does not exist.", error.Message);
    }

    [Fact]
    public async Task AddVersionAsync_AfterLatestDeleted_NeverReusesItsNumber()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
        await Models.AddVersionAsync("fraud", Blob('b'), Signature, null, None);
        await Models.DeleteVersionAsync("fraud", 2, None);

        var next = await Models.AddVersionAsync("fraud", Blob('c'), Signature, null, None);

        Assert.Equal(3, next.Version);
        Assert.Equal([3, 1], (await Models.ListVersionsAsync("fraud", None)).Select(v => v.Version));
    }

    [Fact]
    public async Task AddVersionAsync_TwentyInParallel_GetsOneToTwentyExactly()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);

        var added = await Task.WhenAll(Enumerable.Range(0, 20).Select(
            _ => Task.Run(() => Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None))));

        Assert.Equal(Enumerable.Range(1, 20), added.Select(v => v.Version).Order());
        Assert.Equal(20, (await Models.GetModelAsync("fraud", None))!.VersionCount);
    }

    [Fact]
    public async Task AddVersionAsync_TwoInstancesOnOneDatabaseInParallel_GetDistinctConsecutiveNumbers()
    {
        // A second instance has its own in-process state (SQLite: its own write gate), so only the database's own
        // locking keeps these writers apart, as it must between the replicas of a distributed deployment.
        await using var second = await OpenAnotherAsync();
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);

        var added = await Task.WhenAll(Enumerable.Range(0, 20).Select(
            i => Task.Run(() => (i % 2 == 0 ? Models : second.Models).AddVersionAsync("fraud", Blob('a'), Signature, null, None))));

        Assert.Equal(Enumerable.Range(1, 20), added.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task GetVersionAsync_UnknownModelOrVersion_ReturnsNull()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);

        Assert.Null(await Models.GetVersionAsync("fraud", 1, None));
        Assert.Null(await Models.GetVersionAsync("ghost", 1, None));
    }

    [Fact]
    public async Task ListVersionsAsync_SeveralVersions_NewestFirstWithTheirAliases()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        for (var i = 0; i < 3; i++)
        {
            await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
        }

        await Models.SetAliasAsync("fraud", "staging", 2, None);
        await Models.SetAliasAsync("fraud", "production", 2, None);

        var versions = await Models.ListVersionsAsync("fraud", None);

        Assert.Equal([3, 2, 1], versions.Select(v => v.Version));
        Assert.Equal(["production", "staging"], versions[1].Aliases);
        Assert.Empty(versions[0].Aliases);
    }

    [Fact]
    public async Task ListVersionsAsync_ModelWithoutVersions_Empty()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);

        Assert.Empty(await Models.ListVersionsAsync("fraud", None));
    }

    [Fact]
    public async Task ListVersionsAsync_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Models.ListVersionsAsync("ghost", None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'ghost' does not exist.", error.Message);
    }

    [Fact]
    public async Task DeleteVersionAsync_Unaliased_RemovesAndReturnsIt()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);

        var deleted = await Models.DeleteVersionAsync("fraud", 1, None);

        Assert.Equal((1, Blob('a').Digest), (deleted.Version, deleted.Digest));
        Assert.Null(await Models.GetVersionAsync("fraud", 1, None));
    }

    [Fact]
    public async Task DeleteVersionAsync_UnknownVersion_NotFoundNamingIt()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);

        var error = await Assert.ThrowsAsync<MaasException>(() => Models.DeleteVersionAsync("fraud", 3, None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'fraud' has no version 3.", error.Message);
    }

    [Fact]
    public async Task DeleteVersionAsync_Aliased_ConflictNamingTheAlias()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
        await Models.SetAliasAsync("fraud", "production", 1, None);

        var error = await Assert.ThrowsAsync<MaasException>(() => Models.DeleteVersionAsync("fraud", 1, None));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Equal("Version 1 of model 'fraud' is the target of alias 'production'; move or delete the alias first.", error.Message);
        Assert.NotNull(await Models.GetVersionAsync("fraud", 1, None));
    }

    [Fact]
    public async Task DeleteVersionAsync_TwoAliases_ConflictNamingBoth()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
        await Models.SetAliasAsync("fraud", "staging", 1, None);
        await Models.SetAliasAsync("fraud", "production", 1, None);

        var error = await Assert.ThrowsAsync<MaasException>(() => Models.DeleteVersionAsync("fraud", 1, None));

        Assert.Equal("Version 1 of model 'fraud' is the target of aliases 'production', 'staging'; move or delete the aliases first.", error.Message);
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
}
