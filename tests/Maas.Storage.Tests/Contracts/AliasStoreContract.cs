using Maas.Core;
using Maas.Core.Registry;

namespace Maas.Storage.Tests.Contracts;

/// <summary>Aliases: set, move, delete, and what they protect.</summary>
public abstract class AliasStoreContract : StoreContract
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Models.AddVersionAsync("fraud", Blob('a'), Signature, null, None);
        await Models.AddVersionAsync("fraud", Blob('b'), Signature, null, None);
    }

    [Fact]
    public async Task SetAliasAsync_NewAlias_PointsAtTheVersion()
    {
        var alias = await Models.SetAliasAsync("fraud", "production", 1, None);

        Assert.Equal(new AliasInfo("fraud", "production", 1), alias);
        Assert.Equal(1, (await Models.GetModelAsync("fraud", None))!.Aliases["production"]);
        Assert.Equal(["production"], (await Models.GetVersionAsync("fraud", 1, None))!.Aliases);
    }

    [Fact]
    public async Task SetAliasAsync_ExistingAlias_MovesItAndFreesTheOldTarget()
    {
        await Models.SetAliasAsync("fraud", "production", 1, None);

        await Models.SetAliasAsync("fraud", "production", 2, None);

        Assert.Equal(2, Assert.Single((await Models.GetModelAsync("fraud", None))!.Aliases).Value);
        Assert.Empty((await Models.GetVersionAsync("fraud", 1, None))!.Aliases);
        await Models.DeleteVersionAsync("fraud", 1, None);
    }

    [Fact]
    public async Task SetAliasAsync_MissingVersion_NotFoundAndNothingChanges()
    {
        await Models.SetAliasAsync("fraud", "production", 1, None);

        var error = await Assert.ThrowsAsync<MaasException>(() => Models.SetAliasAsync("fraud", "production", 9, None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'fraud' has no version 9.", error.Message);
        Assert.Equal(1, (await Models.GetModelAsync("fraud", None))!.Aliases["production"]);
    }

    [Fact]
    public async Task SetAliasAsync_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Models.SetAliasAsync("ghost", "production", 1, None));

        Assert.Equal("Model 'ghost' does not exist.", error.Message);
    }

    [Fact]
    public async Task DeleteAliasAsync_Existing_RemovesItOnce()
    {
        await Models.SetAliasAsync("fraud", "production", 1, None);

        await Models.DeleteAliasAsync("fraud", "production", None);
        var error = await Assert.ThrowsAsync<MaasException>(() => Models.DeleteAliasAsync("fraud", "production", None));

        Assert.Empty((await Models.GetModelAsync("fraud", None))!.Aliases);
        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'fraud' has no alias 'production'.", error.Message);
    }
}
