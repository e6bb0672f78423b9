using System.Net;
using System.Text.Json;

namespace Maas.Server.Tests.Models;

public sealed class ModelsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task CreateModel_ValidRequest_Returns201WithLocationAndMetadata()
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/models", new
        {
            name = "fraud",
            description = "card fraud scorer",
            tags = new Dictionary<string, string> { ["team"] = "risk" },
            labels = new[] { "legit", "fraud" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/models/fraud", response.Headers.Location?.OriginalString);
        var model = await Json.ReadAsync(response);
        Assert.Equal("fraud", model.GetProperty("name").GetString());
        Assert.Equal("card fraud scorer", model.GetProperty("description").GetString());
        Assert.Equal("risk", model.GetProperty("tags").GetProperty("team").GetString());
        Assert.Equal(["legit", "fraud"], model.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(0, model.GetProperty("versionCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, model.GetProperty("latestVersion").ValueKind);
    }

    [Fact]
    public async Task CreateModel_DuplicateName_Returns409()
    {
        var name = await server.CreateModelAsync();

        using var response = await server.Http.PostAsJsonAsync("/api/v1/models", new { name });

        var detail = await Json.ProblemAsync(response, 409);
        Assert.Contains(name, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fraud")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("../etc")]
    [InlineData("%2e%2e")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("nul\u0000byte")]
    [InlineData("")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public async Task CreateModel_InvalidName_Returns400StatingTheRule(string name)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/models", new { name });

        var detail = await Json.ProblemAsync(response, 400);
        Assert.Contains("^[a-z0-9][a-z0-9._-]{0,62}$", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModel_SixtyThreeCharacters_IsAccepted()
    {
        var name = "a" + new string('b', 62);

        using var response = await server.Http.PostAsJsonAsync("/api/v1/models", new { name });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("a%2Fb")]
    public async Task GetModel_InvalidNameInPath_Returns400(string name)
    {
        using var response = await server.Http.GetAsync($"/api/v1/models/{name}");

        await Json.ProblemAsync(response, 400);
    }

    [Fact]
    public async Task GetModel_NulInPath_IsRefusedBeforeRouting()
    {
        // Kestrel itself refuses a NUL in the path, before any Maas code sees it.
        using var response = await server.Http.GetAsync("/api/v1/models/a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("%2e%2e")]
    [InlineData("..%2F..%2Fetc")]
    public async Task GetModel_DotSegmentsInPath_NeverEscapeTheApi(string name)
    {
        // Dot segments are resolved before routing, so they can only land on another route (or none): never a file.
        using var response = await server.Http.GetAsync($"/api/v1/models/{name}");

        Assert.True((int)response.StatusCode is 400 or 404, $"Got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateModel_UnknownField_Returns400NamingIt()
    {
        using var response = await server.Http.PostAsJsonAsync("/api/v1/models", new { name = "typo", descripton = "x" });

        var detail = await Json.ProblemAsync(response, 400);
        Assert.Contains("descripton", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModel_MalformedJson_Returns400()
    {
        using var content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync("/api/v1/models", content);

        await Json.ProblemAsync(response, 400);
    }

    [Fact]
    public async Task GetModel_Unknown_Returns404()
    {
        using var response = await server.Http.GetAsync("/api/v1/models/does-not-exist");

        var detail = await Json.ProblemAsync(response, 404);
        Assert.Contains("does-not-exist", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchModel_GivenFields_ReplacesOnlyThose()
    {
        var name = await server.CreateModelAsync();
        using (await server.Http.PatchAsJsonAsync($"/api/v1/models/{name}", new { description = "first", labels = new[] { "a", "b" } }))
        {
        }

        using var response = await server.Http.PatchAsJsonAsync($"/api/v1/models/{name}", new { tags = new { stage = "beta" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var model = await Json.ReadAsync(response);
        Assert.Equal("first", model.GetProperty("description").GetString());
        Assert.Equal("beta", model.GetProperty("tags").GetProperty("stage").GetString());
        Assert.Equal(2, model.GetProperty("labels").GetArrayLength());
    }

    [Fact]
    public async Task ListModels_PageSizeTwo_WalksEveryModelOnce()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await server.CreateModelAsync("page"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = "/api/v1/models?pageSize=2" + (token is null ? string.Empty : "&pageToken=" + token);
            var page = await Json.ReadAsync(await server.Http.GetAsync(url));
            var models = page.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToList();
            Assert.True(models.Count <= 2);
            seen.AddRange(models);
            token = page.GetProperty("nextPageToken").GetString();
            pages++;
        }
        while (token is not null && pages < 1000);

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.All(created, name => Assert.Contains(name, seen));
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=1001")]
    [InlineData("pageToken=..%2F")]
    public async Task ListModels_BadPaging_Returns400(string query)
    {
        using var response = await server.Http.GetAsync("/api/v1/models?" + query);

        await Json.ProblemAsync(response, 400);
    }

    [Fact]
    public async Task DeleteModel_WithVersions_Returns409ThenSucceedsOnceEmpty()
    {
        var name = await server.CreateModelAsync();
        (await server.UploadAsync(name, TestFixtures.Model("diabetes_linear"))).EnsureSuccessStatusCode();

        using var refused = await server.Http.DeleteAsync($"/api/v1/models/{name}");
        Assert.Contains("version", await Json.ProblemAsync(refused, 409), StringComparison.Ordinal);

        (await server.Http.DeleteAsync($"/api/v1/models/{name}/versions/1")).EnsureSuccessStatusCode();
        using var deleted = await server.Http.DeleteAsync($"/api/v1/models/{name}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await server.Http.GetAsync($"/api/v1/models/{name}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheManagementApi()
    {
        var document = await Json.ReadAsync(await server.Http.GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/models", paths);
        Assert.Contains("/api/v1/models/{name}/versions", paths);
        Assert.Contains("/api/v1/models/{name}/versions/{version}/artifact", paths);
        Assert.Contains("/api/v1/models/{name}/aliases/{alias}", paths);
    }
}
