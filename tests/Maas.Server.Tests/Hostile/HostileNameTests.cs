namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Model and alias names built to escape a folder or confuse a parser: in JSON bodies they break the naming rule
/// (400 saying so); in URLs, sent byte for byte, they are refused with a 4xx naming the problem or match no route
/// (404). Kestrel itself refuses a NUL in a URL path with a bare 400 before any Maas code runs. Nothing is created,
/// and the witness model keeps answering.
/// </summary>
public sealed class HostileNameTests(HostileFixture server) : IClassFixture<HostileFixture>
{
    public static TheoryData<string> BadNames => new()
    {
        "../x", "..", "a/b", "/etc/passwd", "..\\..\\x", "%2e%2e", "%2e%2e%2f", "..%2f..%2fetc", "a\0b", "x\0.onnx",
        "Fraud", "-dash-first", "", new string('a', 64), "ﬀ", "a b", "c:", "a:b", "x%00",
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task CreateModel_HostileName_Returns400StatingTheRule(string name)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/models", new { name });

        await Rejections.AssertAsync(response, 400, "not valid");
        await server.AssertServingAsync();
    }

    public static TheoryData<string> HostileSegments => new()
    {
        "..", "%2e%2e", "%2E%2E", ".%2e", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc", "%252e%252e%252f",
        "..%5c..%5cwindows", "a%2fb", "%2fetc%2fpasswd", "x%20y", "%c0%ae%c0%ae", "%ef%bc%8e%ef%bc%8e",
    };

    [Theory]
    [MemberData(nameof(HostileSegments))]
    public async Task ModelRoutes_HostileNameSegment_Answer4xxWithAMessage(string segment)
    {
        await AssertRefusedAsync("GET", $"/api/v1/models/{segment}");
        await AssertRefusedAsync("POST", $"/api/v1/models/{segment}/versions", "{}");
        await AssertRefusedAsync("PUT", $"/api/v1/models/{segment}/config", "{}");
        await AssertRefusedAsync("POST", $"/v2/models/{segment}/infer", "{\"inputs\":[]}");
        await AssertRefusedAsync("GET", $"/v2/models/{segment}/versions/1");
        await server.AssertServingAsync();
    }

    [Theory]
    [MemberData(nameof(HostileSegments))]
    public async Task AliasRoutes_HostileAliasSegment_Answer4xxWithAMessage(string segment)
    {
        await AssertRefusedAsync("PUT", $"/api/v1/models/{HostileFixture.Witness}/aliases/{segment}", "{\"version\":1}");
        await AssertRefusedAsync("DELETE", $"/api/v1/models/{HostileFixture.Witness}/aliases/{segment}");
        await AssertRefusedAsync("POST", $"/v2/models/{HostileFixture.Witness}/versions/{segment}/infer", "{\"inputs\":[]}");

        using var model = await server.Http.GetAsync($"/api/v1/models/{HostileFixture.Witness}");
        Assert.Contains("\"aliases\":{}", await model.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData("/api/v1/models/a%00b")]
    [InlineData("/v2/models/x%00.onnx/infer")]
    [InlineData("/api/v1/models/witness/aliases/a%00b")]
    public async Task Routes_NulInThePath_AreRefusedByKestrelBeforeMaasRuns(string target)
    {
        var (status, body) = await RawHttp.SendAsync(server.Http.BaseAddress!, "GET", target, server.AdminKey);

        Assert.Equal(400, status);
        Rejections.AssertNoLeaks(body);
        await server.AssertServingAsync();
    }

    private async Task AssertRefusedAsync(string method, string target, string? json = null)
    {
        var (status, body) = await RawHttp.SendAsync(server.Http.BaseAddress!, method, target, server.AdminKey, json);

        Assert.True(status is >= 400 and < 500, $"{method} {target} answered {status}: {body}");
        Assert.False(string.IsNullOrWhiteSpace(Rejections.MessageOf(body)), $"{method} {target} answered {status} without saying why: '{body}'");
        Rejections.AssertNoLeaks(body, server.DataDirectory);
    }
}
