using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Maas.Cli.Tests;

/// <summary><c>MAAS_MASTER_KEY</c> for <c>maas serve</c>, and <c>maas admin rotate-master-key</c>, on real processes.</summary>
public sealed class MasterKeyCommandTests : IDisposable
{
    private readonly TemporaryDirectory _temporary = new("maas-cli-keys-");

    // The data folder and, beside it, the new key's file: the key must come from outside the data folder.
    private string DataDirectory => _temporary.Combine("data");

    public void Dispose() => _temporary.Dispose();

    [Fact]
    public async Task RotateMasterKey_KeyFile_RotatesAndModelsStayReadable()
    {
        await using var server = await ServerProcess.StartAsync(DataDirectory);
        using var http = server.CreateClient();
        var original = await PushAsync(http, "rotated");
        var keyBefore = await File.ReadAllTextAsync(Path.Combine(DataDirectory, "master.key"));

        var text = await RunAsync(server, "admin", "rotate-master-key");
        var json = await RunAsync(server, "admin", "rotate-master-key", "--json");

        Assert.Matches("^Rotated the master key to [0-9a-f]{16}: 1 data keys rewrapped, 0 already current\\.", text.Stdout);
        using var result = JsonDocument.Parse(json.Stdout);
        Assert.Equal(1, result.RootElement.GetProperty("rewrapped").GetInt32());
        Assert.False(result.RootElement.GetProperty("environmentUpdateRequired").GetBoolean());
        Assert.NotEqual(keyBefore, await File.ReadAllTextAsync(Path.Combine(DataDirectory, "master.key")));
        Assert.Equal(original, await http.GetByteArrayAsync("/api/v1/models/rotated/versions/1/artifact"));
    }

    [Fact]
    public async Task Serve_MasterKeyFromEnvironment_UsedThenRotatedToTheGivenKey()
    {
        var oldKey = NewKey();
        var newKey = NewKey();
        byte[] original;
        await using (var server = await StartWithKeyAsync(oldKey))
        {
            using var http = server.CreateClient();
            original = await PushAsync(http, "from-env");
            Assert.False(File.Exists(Path.Combine(DataDirectory, "master.key")));

            var refused = await MaasCommand.RunAsync(Environment(), "admin", "rotate-master-key", "--server", server.HttpAddress.ToString());
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("newMasterKey", refused.Stderr, StringComparison.Ordinal);

            var keyFile = _temporary.Combine("new-master.key");
            await File.WriteAllTextAsync(keyFile, newKey + "\n");
            var rotated = await RunAsync(server, "admin", "rotate-master-key", "--new-key-file", keyFile);
            Assert.Contains("1 data keys rewrapped", rotated.Stdout, StringComparison.Ordinal);
            Assert.Contains("Set MAAS_MASTER_KEY to the new key", rotated.Stderr, StringComparison.Ordinal);
        }

        // The operator updates the variable and restarts: the blobs open under the new key, its copy on disk goes.
        await using (var restarted = await StartWithKeyAsync(newKey))
        {
            using var http = restarted.CreateClient();
            Assert.Equal(original, await http.GetByteArrayAsync("/api/v1/models/from-env/versions/1/artifact"));
            Assert.False(File.Exists(Path.Combine(DataDirectory, "master.key.next")));
        }
    }

    [Fact]
    public async Task Serve_MalformedMasterKey_RefusesToStartWithoutEchoingIt()
    {
        const string Malformed = "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";

        var result = await MaasCommand.RunAsync(
            Environment(("MAAS_MASTER_KEY", Malformed)),
            "serve", "--data-dir", DataDirectory, "--http", "127.0.0.1:0", "--grpc", "none");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("maas: cannot start: MAAS_MASTER_KEY is not a valid master key", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Malformed, result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    private Task<ServerProcess> StartWithKeyAsync(string key) =>
        ServerProcess.StartAsync(DataDirectory, Environment(("MAAS_MASTER_KEY", key)));

    private static async Task<CommandResult> RunAsync(ServerProcess server, params string[] arguments)
    {
        var result = await MaasCommand.RunAsync(Environment(), [.. arguments, "--server", server.HttpAddress.ToString()]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static async Task<byte[]> PushAsync(HttpClient http, string model)
    {
        (await http.PostAsJsonAsync("/api/v1/models", new { name = model })).EnsureSuccessStatusCode();
        var bytes = await File.ReadAllBytesAsync(TestFixtures.Model("breast_cancer_mlp"));
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/api/v1/models/{model}/versions", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return bytes;
    }

    // The admin key for the server and for client commands, plus any extra variables.
    private static Dictionary<string, string?> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?>
        {
            [TestKeys.AdminKeyVariable] = TestKeys.Admin,
            [TestKeys.ApiKeyVariable] = TestKeys.Admin,
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
