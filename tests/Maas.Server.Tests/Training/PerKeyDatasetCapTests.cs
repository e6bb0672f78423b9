using System.Net;

namespace Maas.Server.Tests.Training;

/// <summary>The per-key cap on stored datasets, crossed on a server (of its own) where it is two.</summary>
public sealed class PerKeyDatasetCapTests(PerKeyCapsFixture server) : IClassFixture<PerKeyCapsFixture>
{
    [Fact]
    public async Task Push_PastTheDatasetsCap_Is409NamingTheCap_ButANewVersionIsAccepted()
    {
        await TrainingApi.PushFixtureAsync(server.Http, "capped-a", "iris");
        await TrainingApi.PushFixtureAsync(server.Http, "capped-b", "iris");

        using var third = await TrainingApi.PushAsync(server.Http, "capped-c", TestFixtures.Dataset("iris"));

        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("--max-datasets-per-key", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await TrainingApi.PushFixtureAsync(server.Http, "capped-a", "iris");
    }
}
