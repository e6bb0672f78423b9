using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Maas.Server.Tests.Training;

/// <summary>The training limits a server enforces on pushes and submissions, crossed on a server where they are small.</summary>
public sealed class TrainingLimitsTests(TightTrainingFixture server) : IClassFixture<TightTrainingFixture>
{
    [Fact]
    public async Task Push_DatasetOverTheJobMemoryLimit_Is413NamingTheLimit()
    {
        // 1,000 empty (missing, so numeric) cells a row take 1 byte each in the file and 8 in memory: 8,600 rows are
        // 8.6 MB of file and 68.8 MB of table, just over the 64 MiB limit.
        var row = new string(',', 999) + "\n";
        var csv = new StringBuilder(string.Join(',', Enumerable.Range(0, 1000).Select(i => "c" + i)) + "\n");
        for (var i = 0; i < 8600; i++)
        {
            csv.Append(row);
        }

        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await server.Http.PostAsync("/api/v1/datasets/too-wide/versions", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("--max-job-memory", text, StringComparison.Ordinal);
        Assert.Contains(TightTrainingFixture.MaxJobMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        using var absent = await server.Http.GetAsync("/api/v1/datasets/too-wide");
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
    }

    [Fact]
    public async Task Push_DatasetUnderTheJobMemoryLimit_IsStored()
    {
        var version = await TrainingApi.PushFixtureAsync(server.Http, "digits-small", "digits");

        Assert.Equal(1797, (long)version["rows"]!);
    }

    [Fact]
    public async Task Push_PastTheVersionCap_Is409NamingTheCap()
    {
        await TrainingApi.PushFixtureAsync(server.Http, "capped", "iris");
        await TrainingApi.PushFixtureAsync(server.Http, "capped", "iris");

        using var third = await TrainingApi.PushAsync(server.Http, "capped", TestFixtures.Dataset("iris"));

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("--max-dataset-versions", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListJobs_BadPageToken_Is400()
    {
        using var response = await server.Http.GetAsync("/api/v1/jobs?pageToken=nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
