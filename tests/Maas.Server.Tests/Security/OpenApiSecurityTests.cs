using System.Text.Json;

namespace Maas.Server.Tests.Security;

/// <summary>The OpenAPI document tells client generators how to authenticate.</summary>
public sealed class OpenApiSecurityTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Document_DeclaresBearerAndApiKey_ExceptOnHealthProbes()
    {
        using var http = server.CreateClient(await server.CreateConsumerKeyAsync("fraud-*"));

        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));

        var root = document.RootElement;
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("x-api-key", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal(2, root.GetProperty("security").GetArrayLength());
        Assert.Equal(0, root.GetProperty("paths").GetProperty("/v2/health/live").GetProperty("get").GetProperty("security").GetArrayLength());
    }
}
