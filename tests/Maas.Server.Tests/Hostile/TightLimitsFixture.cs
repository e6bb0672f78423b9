using Maas.Onnx.Tests;
using Maas.Server.Hosting;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// A server whose every configurable limit is small, so the tests can cross each one cheaply. Slow models (see
/// <see cref="CreateSlowModelAsync"/>) outlast the request timeout; the witness is loaded ahead, so its own requests
/// stay far inside it.
/// </summary>
public sealed class TightLimitsFixture : HostileFixture
{
    public TightLimitsFixture()
    {
        Configure<LimitsOptions>(o =>
        {
            o.MaxGraphNodes = 50;
            o.MaxGraphDepth = 20;
            o.MaxInferenceBodyBytes = 256 * 1024;
            o.MaxManagementBodyBytes = 4096;
            o.MaxTensorElements = 50_000;
            o.MaxTensorRank = 3;
            o.MaxJsonDepth = 8;
            o.MaxRequestHeaderBytes = 16 * 1024;
            o.MinDataRateBytesPerSecond = 1000;
            o.MinDataRateGracePeriod = TimeSpan.FromSeconds(1.5);
            o.RequestTimeout = TimeSpan.FromMilliseconds(600);
        });
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (await Http.PostAsync($"/v2/repository/models/{Witness}/load", null)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// A loaded Add model whose batching window (1 s) outlasts the request timeout (600 ms): a lone request waits for
    /// company it never gets. A fresh model per test, because a window opened by one request also serves the next.
    /// </summary>
    public async Task<string> CreateSlowModelAsync()
    {
        var name = await CreateModelAsync("slow");
        (await UploadAsync(name, TestModels.Add().ToStream())).EnsureSuccessStatusCode();
        (await Http.PutAsJsonAsync($"/api/v1/models/{name}/config", new { maxBatchSize = 64, maxQueueDelayMs = 1000 })).EnsureSuccessStatusCode();
        (await Http.PostAsync($"/v2/repository/models/{name}/load", null)).EnsureSuccessStatusCode();
        return name;
    }
}
