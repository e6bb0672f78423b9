using System.Net;
using System.Text.Json;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// The gRPC listener serves gRPC (the inference service and gRPC health) and nothing else: the REST API, the management
/// API and <c>/metrics</c> answer 404 there, with a sentence pointing at the HTTP address, unless
/// <c>--rest-on-grpc-port</c> asks for them.
/// </summary>
public sealed class GrpcPortTests(HostileFixture server) : IClassFixture<HostileFixture>, IDisposable
{
    private readonly HttpClient _http2 = new() { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

    [Theory]
    [InlineData("/v2/health/live")]
    [InlineData("/v2/models/witness")]
    [InlineData("/api/v1/models")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task Rest_OnTheGrpcPort_IsNotFoundNamingTheHttpAddress(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.GrpcAddress, path)) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + server.AdminKey);

        using var response = await _http2.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode} {body}");
        Assert.Contains("--http", body, StringComparison.Ordinal);
        Assert.Contains("--rest-on-grpc-port", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_OnTheGrpcPortWithoutKey_IsTheSame404()
    {
        using var response = await _http2.GetAsync(new Uri(server.GrpcAddress, "/api/v1/models"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/grpc.health.v1.Health/Check", false)]
    [InlineData("/inference.GRPCInferenceService/ServerLive", false)]
    [InlineData("/inference.GRPCInferenceService/ServerMetadata", true)]
    public async Task Grpc_OnTheGrpcPort_IsServed(string path, bool withKey)
    {
        var (_, status, message) = await RawGrpc.CallAsync(_http2, server.GrpcAddress, path, withKey ? server.AdminKey : null);

        Assert.True(status == 0, $"grpc-status {status}: {message}");
    }

    [Fact]
    public async Task Rest_OnTheHttpPort_IsStillServed()
    {
        using var response = await server.Http.GetAsync("/v2/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose() => _http2.Dispose();
}

/// <summary>A server that serves REST on its gRPC port as well, as <c>--rest-on-grpc-port</c> asks.</summary>
public sealed class RestOnGrpcPortFixture : ServerFixture
{
    public RestOnGrpcPortFixture()
    {
        EnableGrpc = true;
        Settings["Maas:Hosting:RestOnGrpcPort"] = "true";
    }
}

/// <summary><c>--rest-on-grpc-port</c>: the REST API answers on the gRPC listener too.</summary>
public sealed class RestOnGrpcPortTests(RestOnGrpcPortFixture server) : IClassFixture<RestOnGrpcPortFixture>
{
    [Fact]
    public async Task Rest_OnTheGrpcPort_IsServedWhenAskedFor()
    {
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.GrpcAddress, "/v2/models/nope")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + server.AdminKey);

        using var response = await http2.SendAsync(request);

        // The endpoint answered (a model that does not exist), not the gRPC port's refusal.
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Contains("nope", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var live = await http2.GetAsync(new Uri(server.GrpcAddress, "/v2/health/live"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
