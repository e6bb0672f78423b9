using System.Net;
using System.Text.Json;
using Maas.Core.Registry;

namespace Maas.Server.Tests.Security;

/// <summary>Lists show a scoped key only what its scopes cover, and page as the full list does.</summary>
public sealed class ScopeFilteringTests(SecurityFixture server) : IClassFixture<SecurityFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task ModelList_ShowsOnlyModelsInScope_InFullPages()
    {
        foreach (var name in new[] { "fraud-b", "fraud-c", "fraud-d", "other-b", "other-c" })
        {
            (await server.Http.PostAsJsonAsync("/api/v1/models", new { name })).EnsureSuccessStatusCode();
        }

        using var http = server.CreateClient(await server.CreateConsumerKeyAsync("fraud-*"));
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = (await http.GetFromJsonAsync<ModelPage>($"/api/v1/models?pageSize=2{(token is null ? "" : "&pageToken=" + token)}", Web))!;
            Assert.True(page.Models.Count == 2 || page.NextPageToken is null, "Only the last page may be short.");
            names.AddRange(page.Models.Select(m => m.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.All(names, n => Assert.StartsWith("fraud-", n, StringComparison.Ordinal));
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Superset(new HashSet<string> { "fraud-a", "fraud-b", "fraud-c", "fraud-d" }, names.ToHashSet());
        Assert.True(pages >= 2);
    }

    [Fact]
    public async Task RepositoryIndexAndStatistics_ShowOnlyModelsInScope()
    {
        await server.Http.PostAsync($"/v2/repository/models/{SecurityFixture.OutOfScopeModel}/load", null);
        await server.Http.PostAsync($"/v2/repository/models/{SecurityFixture.InScopeModel}/load", null);
        using var http = server.CreateClient(await server.CreateConsumerKeyAsync("fraud-*"));

        using var index = JsonDocument.Parse(await (await http.PostAsync("/v2/repository/index", null)).Content.ReadAsStringAsync());
        using var statistics = JsonDocument.Parse(await http.GetStringAsync("/v2/models/stats"));
        using var all = JsonDocument.Parse(await (await server.Http.PostAsync("/v2/repository/index", null)).Content.ReadAsStringAsync());

        var indexed = index.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains(SecurityFixture.InScopeModel, indexed);
        Assert.DoesNotContain(SecurityFixture.OutOfScopeModel, indexed);
        Assert.All(statistics.RootElement.GetProperty("model_stats").EnumerateArray(), s => Assert.StartsWith("fraud-", s.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Contains(SecurityFixture.OutOfScopeModel, all.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Metrics_NeedAKeyForEveryModel()
    {
        using var anonymous = server.CreateClient(null);
        using var scoped = server.CreateClient(await server.CreateConsumerKeyAsync("fraud-*"));
        using var everything = server.CreateClient(await server.CreateConsumerKeyAsync("*"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.GetAsync("/metrics")).StatusCode);
        using var metrics = await everything.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("maas_loaded_versions", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModel_OutsideTheKeysScopes_Is403()
    {
        using var http = server.CreateClient(await server.CreatePublisherKeyAsync("fraud-*"));

        var detail = await Json.ProblemAsync(await http.PostAsJsonAsync("/api/v1/models", new { name = "other-new" }), 403);
        using var created = await http.PostAsJsonAsync("/api/v1/models", new { name = "fraud-new" });

        Assert.Contains("'fraud-*'", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
