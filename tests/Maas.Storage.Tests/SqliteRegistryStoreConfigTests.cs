using Maas.Core;
using Maas.Core.Registry;

namespace Maas.Storage.Tests;

public sealed class SqliteRegistryStoreConfigTests : RegistryStoreTestBase
{
    [Fact]
    public async Task GetServingConfigAsync_NeverSet_ReturnsDefaults()
    {
        await Store.CreateModelAsync(new CreateModelRequest("fraud"), None);

        Assert.Equal(ModelServingConfig.Default, await Store.GetServingConfigAsync("fraud", None));
    }

    [Fact]
    public async Task SetServingConfigAsync_ThenReopen_RoundTrips()
    {
        await Store.CreateModelAsync(new CreateModelRequest("fraud"), None);
        var config = new ModelServingConfig(MaxBatchSize: 8, MaxQueueDelayMs: 0.5, InstanceCount: 2, IntraOpThreads: 1, MaxQueueSize: 10);

        await Store.SetServingConfigAsync("fraud", config, None);
        await using var reopened = await SqliteRegistryStore.OpenAsync(DatabasePath, Clock, None);

        Assert.Equal(config, await reopened.GetServingConfigAsync("fraud", None));
    }

    [Fact]
    public async Task ServingConfig_UnknownModel_NotFound()
    {
        var get = await Assert.ThrowsAsync<MaasException>(() => Store.GetServingConfigAsync("nobody", None));
        var set = await Assert.ThrowsAsync<MaasException>(() => Store.SetServingConfigAsync("nobody", ModelServingConfig.Default, None));

        Assert.Equal(ErrorCode.NotFound, get.Code);
        Assert.Equal(ErrorCode.NotFound, set.Code);
    }
}
