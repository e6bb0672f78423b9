using System.Net;
using System.Text.Json;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// DNS rebinding: a page on <c>evil.example</c> that re-points its name at the server's address reaches it with
/// <c>Host: evil.example</c>. Without <c>--allowed-hosts</c> the server answers only <c>localhost</c> and IP literals
/// (a rebinding needs a name), over REST and gRPC (<c>:authority</c>) alike, before it looks at the key.
/// </summary>
public sealed class AllowedHostsTests(HostileFixture server) : IClassFixture<HostileFixture>, IDisposable
{
    private readonly HttpClient _http2 = new() { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

    [Theory]
    [InlineData("evil.example", "/v2/health/live")]
    [InlineData("evil.example:8000", "/v2/models/witness")]
    [InlineData("127.0.0.1.nip.io", "/api/v1/models")]
    [InlineData("localhost.evil.example", "/api/v1/models")]
    public async Task Rest_WithAHostNameNotAllowed_Is400NamingTheFlag(string host, string path)
    {
        using var response = await SendAsync(host, path, server.AdminKey);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.Contains("--allowed-hosts", body, StringComparison.Ordinal);
        Assert.Contains(host.Split(':')[0], body, StringComparison.Ordinal);
        if (path.StartsWith("/v2", StringComparison.Ordinal))
        {
            using var json = JsonDocument.Parse(body);
            Assert.True(json.RootElement.TryGetProperty("error", out _), body);
        }
    }

    [Fact]
    public async Task Rest_WithAHostNameNotAllowedAndNoKey_Is400NotA401()
    {
        using var response = await SendAsync("evil.example", "/api/v1/models", apiKey: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:8000")]
    [InlineData("localhost.")]
    [InlineData("127.0.0.1:8000")]
    [InlineData("[::1]:8000")]
    [InlineData("10.1.2.3")]
    [InlineData("[2001:db8::1]")]
    public async Task Rest_WithLocalhostOrAnIpLiteral_IsServed(string host)
    {
        using var response = await SendAsync(host, "/v2/models/witness", server.AdminKey);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
    }

    [Fact]
    public async Task Grpc_WithAnAuthorityNotAllowed_IsInvalidArgument()
    {
        var refused = await RawGrpc.CallAsync(_http2, server.GrpcAddress, "/inference.GRPCInferenceService/ServerMetadata", server.AdminKey, "evil.example");
        var served = await RawGrpc.CallAsync(_http2, server.GrpcAddress, "/inference.GRPCInferenceService/ServerMetadata", server.AdminKey, "localhost");

        Assert.True(refused.Grpc == 3, $"grpc-status {refused.Grpc}: {refused.Message}");
        Assert.Contains("--allowed-hosts", refused.Message, StringComparison.Ordinal);
        Assert.True(served.Grpc == 0, $"grpc-status {served.Grpc}: {served.Message}");
    }

    private async Task<HttpResponseMessage> SendAsync(string host, string path, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
        }

        using var client = server.CreateClient(null);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public void Dispose() => _http2.Dispose();
}

/// <summary>A server with an allow-list of host names: exact names and a wildcard for subdomains.</summary>
public sealed class AllowedHostsFixture : ServerFixture
{
    public AllowedHostsFixture() => Settings["Maas:Hosting:AllowedHosts"] = "maas.example.com, *.corp.example";
}

/// <summary><c>--allowed-hosts</c>: the names listed (and their wildcards) are served, others refused.</summary>
public sealed class AllowedHostsListTests(AllowedHostsFixture server) : IClassFixture<AllowedHostsFixture>
{
    [Theory]
    [InlineData("maas.example.com", HttpStatusCode.OK)]
    [InlineData("MAAS.example.com:443", HttpStatusCode.OK)]
    [InlineData("api.corp.example", HttpStatusCode.OK)]
    [InlineData("a.b.corp.example", HttpStatusCode.OK)]
    [InlineData("corp.example", HttpStatusCode.BadRequest)]
    [InlineData("evilcorp.example", HttpStatusCode.BadRequest)]
    [InlineData("example.com", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("192.168.1.20:8000", HttpStatusCode.OK)]
    public async Task Request_IsServedOnlyForListedNames(string host, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/health/live");
        request.Headers.Host = host;

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}

/// <summary>A server that answers any host name, as <c>--allowed-hosts '*'</c> asks.</summary>
public sealed class AnyHostFixture : ServerFixture
{
    public AnyHostFixture() => Settings["Maas:Hosting:AllowedHosts"] = "*";
}

/// <summary><c>--allowed-hosts '*'</c> turns the check off.</summary>
public sealed class AnyHostTests(AnyHostFixture server) : IClassFixture<AnyHostFixture>
{
    [Fact]
    public async Task Request_WithAnyHostName_IsServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/health/live");
        request.Headers.Host = "evil.example";

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
