using Maas.Core;
using Maas.Core.Registry;

namespace Maas.Storage.Tests;

public sealed class SqliteRegistryStoreAliasTests : RegistryStoreTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Store.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Store.AddVersionAsync("fraud", Blob('a'), Signature, None);
        await Store.AddVersionAsync("fraud", Blob('b'), Signature, None);
    }

    [Fact]
    public async Task SetAliasAsync_NewAlias_PointsAtTheVersion()
    {
        var alias = await Store.SetAliasAsync("fraud", "production", 1, None);

        Assert.Equal(new AliasInfo("fraud", "production", 1), alias);
        Assert.Equal(1, (await Store.GetModelAsync("fraud", None))!.Aliases["production"]);
        Assert.Equal(["production"], (await Store.GetVersionAsync("fraud", 1, None))!.Aliases);
    }

    [Fact]
    public async Task SetAliasAsync_ExistingAlias_MovesItAndFreesTheOldTarget()
    {
        await Store.SetAliasAsync("fraud", "production", 1, None);

        await Store.SetAliasAsync("fraud", "production", 2, None);

        Assert.Equal(2, Assert.Single((await Store.GetModelAsync("fraud", None))!.Aliases).Value);
        Assert.Empty((await Store.GetVersionAsync("fraud", 1, None))!.Aliases);
        await Store.DeleteVersionAsync("fraud", 1, None);
    }

    [Fact]
    public async Task SetAliasAsync_MissingVersion_NotFoundAndNothingChanges()
    {
        await Store.SetAliasAsync("fraud", "production", 1, None);

        var error = await Assert.ThrowsAsync<MaasException>(() => Store.SetAliasAsync("fraud", "production", 9, None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'fraud' has no version 9.", error.Message);
        Assert.Equal(1, (await Store.GetModelAsync("fraud", None))!.Aliases["production"]);
    }

    [Fact]
    public async Task SetAliasAsync_UnknownModel_NotFound()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Store.SetAliasAsync("ghost", "production", 1, None));

        Assert.Equal("Model 'ghost' does not exist.", error.Message);
    }

    [Fact]
    public async Task DeleteAliasAsync_Existing_RemovesItOnce()
    {
        await Store.SetAliasAsync("fraud", "production", 1, None);

        await Store.DeleteAliasAsync("fraud", "production", None);
        var error = await Assert.ThrowsAsync<MaasException>(() => Store.DeleteAliasAsync("fraud", "production", None));

        Assert.Empty((await Store.GetModelAsync("fraud", None))!.Aliases);
        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("Model 'fraud' has no alias 'production'.", error.Message);
    }
}
