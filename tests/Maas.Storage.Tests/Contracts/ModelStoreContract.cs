using Maas.Core;
using Maas.Core.Registry;

namespace Maas.Storage.Tests.Contracts;

/// <summary>Models: create, read, page, update, delete, as every implementation of <see cref="Core.Storage.IRegistryStore"/> must.</summary>
public abstract class ModelStoreContract : StoreContract
{
    [Fact]
    public async Task CreateModelAsync_NewName_StoresEverythingAndReadsBackExactly()
    {
        var created = await Models.CreateModelAsync(
            new CreateModelRequest("fraud", "card fraud scorer", new Dictionary<string, string> { ["team"] = "risk" }, ["legit", "fraud"]), None);
        var read = await Models.GetModelAsync("fraud", None);

        foreach (var model in new[] { created, read! })
        {
            Assert.Equal("fraud", model.Name);
            Assert.Equal("card fraud scorer", model.Description);
            Assert.Equal("risk", Assert.Single(model.Tags, t => t.Key == "team").Value);
            Assert.Equal(["legit", "fraud"], model.Labels!);
            Assert.Equal(Start, model.Created);
            Assert.Equal(Start.UtcTicks, model.Updated.UtcTicks);
            Assert.Null(model.LatestVersion);
            Assert.Equal(0, model.VersionCount);
            Assert.Empty(model.Aliases);
        }
    }

    [Fact]
    public async Task CreateModelAsync_OnlyName_DefaultsToEmptyMetadata()
    {
        var model = await Models.CreateModelAsync(new CreateModelRequest("fraud", Labels: []), None);

        Assert.Equal(string.Empty, model.Description);
        Assert.Empty(model.Tags);
        Assert.Null(model.Labels);
    }

    [Fact]
    public async Task CreateModelAsync_TakenName_ConflictNamingTheModel()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);

        var error = await Assert.ThrowsAsync<MaasException>(() => Models.CreateModelAsync(new CreateModelRequest("fraud"), None));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Equal("A model named 'fraud' already exists.", error.Message);
    }

    [Fact]
    public async Task CreateModelAsync_MetadataOutOfBounds_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<MaasException>(
            () => Models.CreateModelAsync(new CreateModelRequest("fraud", new string('x', RegistryLimits.MaxDescriptionLength + 1)), None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Null(await Models.GetModelAsync("fraud", None));
    }

    [Fact]
    public async Task GetModelAsync_UnknownName_ReturnsNull()
    {
        Assert.Null(await Models.GetModelAsync("nothing", None));
    }

    [Fact]
    public async Task UpdateModelAsync_SomeFields_ReplacesOnlyThoseAndMovesUpdated()
    {
        await Models.CreateModelAsync(
            new CreateModelRequest("fraud", "old", new Dictionary<string, string> { ["a"] = "1" }, ["x", "y"]), None);
        Clock.Advance(TimeSpan.FromMinutes(5));

        var described = await Models.UpdateModelAsync("fraud", new UpdateModelRequest(Description: "new"), None);
        Assert.Equal("new", described.Description);
        Assert.Equal("1", described.Tags["a"]);
        Assert.Equal(["x", "y"], described.Labels!);
        Assert.Equal(Start, described.Created);
        Assert.Equal(Start + TimeSpan.FromMinutes(5), described.Updated);

        var retagged = await Models.UpdateModelAsync("fraud", new UpdateModelRequest(Tags: new Dictionary<string, string> { ["b"] = "2" }), None);
        Assert.Equal("2", Assert.Single(retagged.Tags, t => t.Key == "b").Value);
        Assert.Single(retagged.Tags);

        var cleared = await Models.UpdateModelAsync("fraud", new UpdateModelRequest(Labels: []), None);
        Assert.Null(cleared.Labels);
        Assert.Equal("new", cleared.Description);
        Assert.Null((await Models.GetModelAsync("fraud", None))!.Labels);
    }

    [Fact]
    public async Task UpdateModelAsync_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Models.UpdateModelAsync("ghost", new UpdateModelRequest("d"), None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'ghost' does not exist.", error.Message);
    }

    [Fact]
    public async Task DeleteModelAsync_NoVersions_RemovesIt()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);

        await Models.DeleteModelAsync("fraud", None);

        Assert.Null(await Models.GetModelAsync("fraud", None));
    }

    [Fact]
    public async Task DeleteModelAsync_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Models.DeleteModelAsync("ghost", None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'ghost' does not exist.", error.Message);
    }

    [Fact]
    public async Task DeleteModelAsync_WithVersions_ConflictCountingThem()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
        await Models.AddVersionAsync("fraud", Blob('b'), Signature, null, None);

        var error = await Assert.ThrowsAsync<MaasException>(() => Models.DeleteModelAsync("fraud", None));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Equal("Model 'fraud' still has 2 versions; delete them first.", error.Message);
        Assert.NotNull(await Models.GetModelAsync("fraud", None));
    }

    [Fact]
    public async Task ListModelsAsync_ThreePages_EachInNameOrderWithTokens()
    {
        string[] names = ["golf", "alpha", "echo", "charlie", "foxtrot", "bravo", "delta"];
        foreach (var name in names)
        {
            await Models.CreateModelAsync(new CreateModelRequest(name), None);
        }

        var first = await Models.ListModelsAsync(3, null, None);
        var second = await Models.ListModelsAsync(3, first.NextPageToken, None);
        var third = await Models.ListModelsAsync(3, second.NextPageToken, None);

        Assert.Equal(["alpha", "bravo", "charlie"], first.Models.Select(m => m.Name));
        Assert.Equal("charlie", first.NextPageToken);
        Assert.Equal(["delta", "echo", "foxtrot"], second.Models.Select(m => m.Name));
        Assert.Equal("foxtrot", second.NextPageToken);
        Assert.Equal(["golf"], third.Models.Select(m => m.Name));
        Assert.Null(third.NextPageToken);
    }

    [Fact]
    public async Task ListModelsAsync_ExactlyOnePageful_HasNoNextToken()
    {
        await Models.CreateModelAsync(new CreateModelRequest("alpha"), None);
        await Models.CreateModelAsync(new CreateModelRequest("bravo"), None);

        var page = await Models.ListModelsAsync(2, null, None);

        Assert.Equal(2, page.Models.Count);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task ListModelsAsync_ModelsWithVersionsAndAliases_CarryDerivedFields()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Models.CreateModelAsync(new CreateModelRequest("empty"), None);
        await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
        await Models.AddVersionAsync("fraud", Blob('b'), Signature, null, None);
        await Models.AddVersionAsync("fraud", Blob('c'), Signature, null, None);
        await Models.DeleteVersionAsync("fraud", 3, None);
        await Models.SetAliasAsync("fraud", "production", 1, None);
        await Models.SetAliasAsync("fraud", "staging", 2, None);

        var page = await Models.ListModelsAsync(RegistryLimits.MaxPageSize, null, None);

        var empty = page.Models[0];
        Assert.Equal(("empty", null, 0), (empty.Name, empty.LatestVersion, empty.VersionCount));
        var fraud = page.Models[1];
        Assert.Equal(2, fraud.LatestVersion);
        Assert.Equal(2, fraud.VersionCount);
        Assert.Equal(new Dictionary<string, int> { ["production"] = 1, ["staging"] = 2 }, fraud.Aliases);
    }
}
