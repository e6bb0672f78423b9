using System.Net;

namespace Maas.Server.Tests.Training;

/// <summary>The per-key cap on active jobs, crossed on a server where it is one.</summary>
public sealed class PerKeyJobCapTests(PerKeyCapsFixture server) : IClassFixture<PerKeyCapsFixture>
{
    private const string LongSpec = """
        {"dataset":"iris","target":"species","model":{"kind":"mlp","hidden":[64,64]},"epochs":1000,"batchSize":1,"register":"iris-capped"}
        """;

    [Fact]
    public async Task Submit_PastTheActiveJobsCap_Is429NamingTheCap_AndAcceptedOnceTheJobEnds()
    {
        await TrainingApi.PushFixtureAsync(server.Http, "iris", "iris");
        var first = await TrainingApi.SubmitOkAsync(server.Http, LongSpec);

        using var second = await TrainingApi.SubmitAsync(server.Http, LongSpec);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("--max-jobs-per-key", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var cancel = await server.Http.PostAsync($"/api/v1/jobs/{first}/cancel", null);
        await TrainingApi.WaitForEndAsync(server.Http, first);
        var third = await TrainingApi.SubmitOkAsync(server.Http, LongSpec);
        using var cancelThird = await server.Http.PostAsync($"/api/v1/jobs/{third}/cancel", null);
        await TrainingApi.WaitForEndAsync(server.Http, third);
    }
}
