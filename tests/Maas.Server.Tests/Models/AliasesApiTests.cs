using System.Net;

namespace Maas.Server.Tests.Models;

public sealed class AliasesApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task SetAlias_CreateThenMove_PointsAtTheNewVersion()
    {
        var name = await ModelWithTwoVersionsAsync();

        using var created = await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/production", new { version = 1 });
        using var moved = await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/production", new { version = 2 });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var alias = await Json.ReadAsync(moved);
        Assert.Equal(2, alias.GetProperty("version").GetInt32());
        var model = await Json.ReadAsync(await server.Http.GetAsync($"/api/v1/models/{name}"));
        Assert.Equal(2, model.GetProperty("aliases").GetProperty("production").GetInt32());
        var v2 = await Json.ReadAsync(await server.Http.GetAsync($"/api/v1/models/{name}/versions/2"));
        Assert.Equal(["production"], v2.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var v1 = await Json.ReadAsync(await server.Http.GetAsync($"/api/v1/models/{name}/versions/1"));
        Assert.Empty(v1.GetProperty("aliases").EnumerateArray());
    }

    [Fact]
    public async Task DeleteVersion_Aliased_Returns409NamingTheAlias()
    {
        var name = await ModelWithTwoVersionsAsync();
        (await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/staging", new { version = 1 })).EnsureSuccessStatusCode();

        using var refused = await server.Http.DeleteAsync($"/api/v1/models/{name}/versions/1");

        Assert.Contains("'staging'", await Json.ProblemAsync(refused, 409), StringComparison.Ordinal);
        (await server.Http.DeleteAsync($"/api/v1/models/{name}/aliases/staging")).EnsureSuccessStatusCode();
        using var deleted = await server.Http.DeleteAsync($"/api/v1/models/{name}/versions/1");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Theory]
    [InlineData("Prod")]
    [InlineData("3")]
    [InlineData("a%2Fb")]
    public async Task SetAlias_InvalidAlias_Returns400(string alias)
    {
        var name = await ModelWithTwoVersionsAsync();

        using var response = await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/{alias}", new { version = 1 });

        await Json.ProblemAsync(response, 400);
    }

    [Fact]
    public async Task SetAlias_MissingVersion_Returns404()
    {
        var name = await ModelWithTwoVersionsAsync();

        using var response = await server.Http.PutAsJsonAsync($"/api/v1/models/{name}/aliases/production", new { version = 9 });

        await Json.ProblemAsync(response, 404);
    }

    [Fact]
    public async Task DeleteAlias_Missing_Returns404()
    {
        var name = await ModelWithTwoVersionsAsync();

        using var response = await server.Http.DeleteAsync($"/api/v1/models/{name}/aliases/nothing");

        await Json.ProblemAsync(response, 404);
    }

    private async Task<string> ModelWithTwoVersionsAsync()
    {
        var name = await server.CreateModelAsync();
        (await server.UploadAsync(name, TestFixtures.Model("diabetes_linear"))).EnsureSuccessStatusCode();
        (await server.UploadAsync(name, TestFixtures.Model("breast_cancer_mlp"))).EnsureSuccessStatusCode();
        return name;
    }
}
