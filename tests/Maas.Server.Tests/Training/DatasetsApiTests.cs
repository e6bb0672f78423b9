using System.Net;
using System.Text.Json.Nodes;

namespace Maas.Server.Tests.Training;

/// <summary>The datasets API over a real server: push, profile, list, show and delete, and what a bad file gets.</summary>
public sealed class DatasetsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Push_Iris_StoresVersionWithProfile()
    {
        var version = await TrainingApi.PushFixtureAsync(server.Http, "iris-profile", "iris");

        Assert.Equal("iris-profile", (string)version["dataset"]!);
        Assert.Equal(1, (int)version["version"]!);
        Assert.Equal(150, (long)version["rows"]!);
        Assert.Equal(new FileInfo(TestFixtures.Dataset("iris")).Length, (long)version["size"]!);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(TestFixtures.Dataset("iris")))), (string)version["digest"]!);
        var columns = version["columns"]!.AsArray();
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"], columns.Select(c => (string)c!["name"]!));
        var sepal = columns[0]!;
        Assert.Equal("numeric", (string)sepal["kind"]!);
        Assert.Equal(150, (long)sepal["count"]!);
        Assert.Equal(0, (long)sepal["missing"]!);
        Assert.Equal(5.8433, (double)sepal["mean"]!, 3);
        Assert.Equal(0.8281, (double)sepal["std"]!, 3);
        Assert.Equal(4.3, (double)sepal["min"]!, 6);
        Assert.Equal(7.9, (double)sepal["max"]!, 6);
        var species = columns[4]!;
        Assert.Equal("categorical", (string)species["kind"]!);
        Assert.Equal(3, (long)species["distinct"]!);
        Assert.Null(species["mean"]);
        Assert.All(species["topCategories"]!.AsArray(), c => Assert.Equal(50, (long)c!["count"]!));
    }

    [Fact]
    public async Task PushTwice_ListShowGetDelete_RoundTrips()
    {
        const string Name = "iris-round";
        await TrainingApi.PushFixtureAsync(server.Http, Name, "iris");
        var second = await TrainingApi.PushFixtureAsync(server.Http, Name, "diabetes");
        Assert.Equal(2, (int)second["version"]!);

        var list = await TrainingApi.GetJsonAsync(server.Http, "/api/v1/datasets");
        var entry = list["datasets"]!.AsArray().Single(d => (string)d!["name"]! == Name)!;
        Assert.Equal(2, (int)entry["latestVersion"]!);
        Assert.Equal(2, (int)entry["versionCount"]!);

        var shown = await TrainingApi.GetJsonAsync(server.Http, $"/api/v1/datasets/{Name}");
        Assert.Equal([2, 1], shown["versions"]!.AsArray().Select(v => (int)v!["version"]!));
        var one = await TrainingApi.GetJsonAsync(server.Http, $"/api/v1/datasets/{Name}/versions/1");
        Assert.Equal(150, (long)one["rows"]!);

        using (var deleteOne = await server.Http.DeleteAsync($"/api/v1/datasets/{Name}/versions/1"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteOne.StatusCode);
        }

        using (var gone = await server.Http.GetAsync($"/api/v1/datasets/{Name}/versions/1"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        // Numbers are never reused: the next push after a deletion is 3.
        var third = await TrainingApi.PushFixtureAsync(server.Http, Name, "iris");
        Assert.Equal(3, (int)third["version"]!);

        using (var deleteAll = await server.Http.DeleteAsync($"/api/v1/datasets/{Name}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteAll.StatusCode);
        }

        using var missing = await server.Http.GetAsync($"/api/v1/datasets/{Name}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains($"Dataset '{Name}' does not exist", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_LastUser_RemovesBlob()
    {
        var pushed = await TrainingApi.PushFixtureAsync(server.Http, "breast-only", "breast_cancer");
        var hex = ((string)pushed["digest"]!)["sha256:".Length..];
        Assert.Contains(server.BlobFiles(), f => Path.GetFileName(f) == hex);

        (await server.Http.DeleteAsync("/api/v1/datasets/breast-only")).EnsureSuccessStatusCode();

        Assert.DoesNotContain(server.BlobFiles(), f => Path.GetFileName(f) == hex);
    }

    [Fact]
    public async Task Push_MalformedCsv_Is400WithLineAndColumnAndStoresNothing()
    {
        var blobsBefore = server.BlobFiles().Length;
        const string Csv = "a,b,c\n1,2,3\n4,\"5\"x,6\n";

        using var response = await TrainingApi.PushTextAsync(server.Http, "broken", Csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!;
        Assert.Contains("line 3, column 2", detail, StringComparison.Ordinal);
        Assert.Equal(blobsBefore, server.BlobFiles().Length);
        Assert.Empty(server.TemporaryFiles());
        using var missing = await server.Http.GetAsync("/api/v1/datasets/broken");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Push_WrongMediaType_Is415()
    {
        var body = new StringContent("{\"a\":1}", System.Text.Encoding.UTF8, "application/json");

        using var response = await server.Http.PostAsync("/api/v1/datasets/json-data/versions", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Datasets_ConsumerKey_Is403_ScopedPublisher_SeesOnlyItsScope()
    {
        await TrainingApi.PushFixtureAsync(server.Http, "team-iris", "iris");
        await TrainingApi.PushFixtureAsync(server.Http, "other-iris", "iris");
        using var consumer = server.CreateClient(await server.CreateConsumerKeyAsync());
        using var publisher = server.CreateClient(await server.CreatePublisherKeyAsync("team-*"));

        using (var refused = await consumer.GetAsync("/api/v1/datasets"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var visible = await TrainingApi.GetJsonAsync(publisher, "/api/v1/datasets");
        var names = visible["datasets"]!.AsArray().Select(d => (string)d!["name"]!).ToList();
        Assert.Contains("team-iris", names);
        Assert.DoesNotContain("other-iris", names);
        using (var hidden = await publisher.GetAsync("/api/v1/datasets/other-iris"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using var outside = await TrainingApi.PushAsync(publisher, "other-new", TestFixtures.Dataset("iris"));
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
    }

    [Fact]
    public async Task PushAndDelete_AreAudited()
    {
        await TrainingApi.PushFixtureAsync(server.Http, "audited-iris", "iris");
        (await server.Http.DeleteAsync("/api/v1/datasets/audited-iris/versions/1")).EnsureSuccessStatusCode();

        var entries = (await TrainingApi.GetJsonAsync(server.Http, "/api/v1/audit?action=dataset.*"))["entries"]!.AsArray();

        Assert.Contains(entries, e => (string)e!["action"]! == "dataset.push" && (string)e["target"]! == "audited-iris" && (string)e["outcome"]! == "success");
        Assert.Contains(entries, e => (string)e!["action"]! == "dataset.delete" && (string)e["target"]! == "audited-iris/1");
    }
}
