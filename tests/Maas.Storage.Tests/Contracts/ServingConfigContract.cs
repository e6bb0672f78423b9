using Maas.Core;
using Maas.Core.Registry;

namespace Maas.Storage.Tests.Contracts;

/// <summary>Per-model serving settings: defaults, durability, unknown models.</summary>
public abstract class ServingConfigContract : StoreContract
{
    [Fact]
    public async Task GetServingConfigAsync_NeverSet_ReturnsDefaults()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);

        Assert.Equal(ModelServingConfig.Default, await Models.GetServingConfigAsync("fraud", None));
    }

    [Fact]
    public async Task SetServingConfigAsync_ThenReopen_RoundTrips()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        var config = new ModelServingConfig(MaxBatchSize: 8, MaxQueueDelayMs: 0.5, InstanceCount: 2, IntraOpThreads: 1, MaxQueueSize: 10);

        await Models.SetServingConfigAsync("fraud", config, None);
        await using var reopened = await OpenAnotherAsync();

        Assert.Equal(config, await reopened.Models.GetServingConfigAsync("fraud", None));
    }

    [Fact]
    public async Task ServingConfig_UnknownModel_NotFound()
    {
        var get = await Assert.ThrowsAsync<MaasException>(() => Models.GetServingConfigAsync("nobody", None));
        var set = await Assert.ThrowsAsync<MaasException>(() => Models.SetServingConfigAsync("nobody", ModelServingConfig.Default, None));

        Assert.Equal(ErrorCode.NotFound, get.Code);
        Assert.Equal(ErrorCode.NotFound, set.Code);
    }
}
