using System.Net;
using Grpc.Core;
using Maas.Core.Security;
using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Tests.Security;

/// <summary>The per-key token bucket: burst, refill, Retry-After, independence of keys, and gRPC.</summary>
public sealed class RateLimitTests(RateLimitFixture server) : IClassFixture<RateLimitFixture>
{
    [Fact]
    public async Task Rest_OverTheBurst_Is429WithRetryAfter_UntilTheBucketRefills()
    {
        server.Refill();
        var key = await server.CreateKeyAsync(Role.Consumer, ["*"]);
        var other = await server.CreateKeyAsync(Role.Consumer, ["*"]);
        using var http = server.CreateClient(key);
        using var otherHttp = server.CreateClient(other);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/models")).StatusCode);
        }

        using var limited = await http.GetAsync("/api/v1/models");
        var detail = await Json.ProblemAsync(limited, 429);
        Assert.Equal("1", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("request rate", detail, StringComparison.Ordinal);
        using var inference = await http.GetAsync("/v2");
        Assert.Equal(HttpStatusCode.TooManyRequests, inference.StatusCode);
        Assert.Contains("\"error\"", await inference.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await otherHttp.GetAsync("/api/v1/models")).StatusCode);

        // 2 a second: half a second brings one token back.
        server.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task Grpc_OverTheBurst_IsResourceExhaustedWithRetryAfter()
    {
        server.Refill();
        var key = await server.CreateKeyAsync(Role.Consumer, ["*"]);
        using var channel = server.CreateGrpcChannel(key);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        for (var i = 0; i < 3; i++)
        {
            await client.ServerMetadataAsync(new ServerMetadataRequest());
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ServerMetadataAsync(new ServerMetadataRequest()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("1", error.Trailers.GetValue("retry-after"));
        Assert.Equal("500", error.Trailers.GetValue("grpc-retry-pushback-ms"));
    }

    [Fact]
    public async Task HealthProbes_AreNeverLimited()
    {
        using var anonymous = server.CreateClient(null);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v2/health/ready")).StatusCode);
        }
    }
}
