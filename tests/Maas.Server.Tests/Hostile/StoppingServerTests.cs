using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Maas.Server.Inference.Protocol.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Once shutdown has begun, a request that still reaches the server (on a kept-alive connection, before Kestrel has
/// closed it) is refused with 503 / <c>UNAVAILABLE</c> saying why, while the probes report "live, not ready". In
/// process, stopping the application fires <c>ApplicationStopping</c> but leaves Kestrel running, which holds that
/// moment open for the test (the real process is tested end to end in <c>Maas.Cli.Tests.ShutdownTests</c>).
/// </summary>
public sealed class StoppingServerTests : IAsyncLifetime
{
    private readonly HostileFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    [Fact]
    public async Task Requests_AfterStoppingBegan_AreRefusedWhileProbesSayLiveButNotReady()
    {
        await _server.AssertServingAsync();
        using (var serving = _server.CreateGrpcChannel())
        {
            var before = await new Health.HealthClient(serving).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, before.Status);
        }

        _server.Server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        using (var ready = await _server.Http.GetAsync("/v2/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("\"ready\":false", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var live = await _server.Http.GetAsync("/v2/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        using var infer = await _server.Http.PostAsJsonAsync($"/v2/models/{HostileFixture.Witness}/infer", new { inputs = Array.Empty<object>() });
        Assert.True(infer.Headers.ConnectionClose, "A refused request should tell the client to close the connection.");
        await Rejections.AssertAsync(infer, 503, "shutting down");
        await Rejections.AssertAsync(await _server.Http.GetAsync("/api/v1/models"), 503, "shutting down");

        using var channel = _server.CreateGrpcChannel();
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.ModelInferAsync(new ModelInferRequest { ModelName = HostileFixture.Witness }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("shutting down", error.Status.Detail, StringComparison.Ordinal);
        Assert.False((await client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, health.Status);
    }

    public Task DisposeAsync() => _server.DisposeAsync();
}
