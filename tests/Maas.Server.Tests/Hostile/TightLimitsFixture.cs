using Maas.Onnx.Tests;

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
        Options = new MaasServerOptions
        {
            MaxInferenceBodyBytes = 256 * 1024,
            MaxManagementBodyBytes = 4096,
            MaxTensorElements = 50_000,
            MaxTensorRank = 3,
            MaxJsonDepth = 8,
            MaxRequestHeaderBytes = 16 * 1024,
            MinDataRateBytesPerSecond = 1000,
            MinDataRateGracePeriod = TimeSpan.FromSeconds(1.5),
            RequestTimeout = TimeSpan.FromMilliseconds(600),
        };
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
