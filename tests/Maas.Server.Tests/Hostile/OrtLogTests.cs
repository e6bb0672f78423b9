using System.Net;
using Maas.Server.Tests.Security;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// ONNX Runtime quotes node names, which come from the uploaded graph, in its errors. A node named with a line break
/// and an escape sequence must reach neither the server log (where the line break forges a log line and the escape
/// sequence acts on the terminal that shows the log) nor the answer raw: both show it escaped.
/// </summary>
public sealed class OrtLogTests(LoggedFixture server) : IClassFixture<LoggedFixture>
{
    private const string NodeName = "evil\nFAKE LOG LINE\u001b]0;owned\u0007\u001b[2J";

    [Fact]
    public async Task Load_NodeNameWithNewlineAndEscape_IsEscapedInTheLogAndTheAnswer()
    {
        var name = await server.CreateModelAsync("ortlog");
        using (var upload = await server.UploadAsync(name, new MemoryStream(HostileModels.ExpandNamed(NodeName, 1L << 20, 1L << 20, 1L << 10))))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        using var load = await server.Http.PostAsync($"/v2/repository/models/{name}/load", null);
        var message = Rejections.MessageOf(await load.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, load.StatusCode);
        Assert.Contains("evil\\u000aFAKE LOG LINE\\u001b]0;owned\\u0007", message, StringComparison.Ordinal);
        await Poll.UntilAsync(() => server.Log.Lines.Any(l => l.Contains("FAKE LOG LINE", StringComparison.Ordinal)), "the load failure in the log");
        var lines = server.Log.Lines.Where(l => l.Contains("FAKE LOG LINE", StringComparison.Ordinal)).ToList();
        foreach (var line in lines)
        {
            Assert.DoesNotContain('\u001b', line);
            Assert.DoesNotContain('\u0007', line);
            Assert.DoesNotContain("evil\nFAKE", line, StringComparison.Ordinal);
        }
    }
}
