using System.Net;

namespace Maas.Cli.Tests;

/// <summary>How a server gets its first admin key: generated and printed once, or taken from MAAS_ADMIN_KEY.</summary>
public sealed class AdminKeyBootstrapTests : IDisposable
{
    private const string Announcement = "maas: admin key (shown once): ";
    private readonly TemporaryDirectory _temporary = new("maas-bootstrap-");

    // The server creates its data folder: a child of the temporary folder, which takes it along on dispose.
    private string DataDirectory => _temporary.Combine("data");

    private static Dictionary<string, string?> NoAdminKey => new() { [TestKeys.AdminKeyVariable] = null };

    [Fact]
    public async Task FirstStart_WithoutAdminKey_PrintsOnceAndWritesAPrivateFile()
    {
        string key;
        await using (var first = await ServerProcess.StartAsync(DataDirectory, NoAdminKey))
        {
            var line = first.Output.Split('\n').Single(l => l.StartsWith(Announcement, StringComparison.Ordinal));
            key = line[Announcement.Length..].Trim();
            Assert.Matches("^maas_[0-9a-f]{16}_[0-9a-f]{64}$", key);

            var file = Path.Combine(DataDirectory, "admin.key");
            Assert.Equal(key, (await File.ReadAllTextAsync(file)).Trim());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            using var http = first.CreateClient(key);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/keys")).StatusCode);
            using var anonymous = first.CreateClient(null);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/models")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v2/health/ready")).StatusCode);
        }

        await using var second = await ServerProcess.StartAsync(DataDirectory, NoAdminKey);
        Assert.DoesNotContain(Announcement, second.Output, StringComparison.Ordinal);
        using var again = second.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task AdminKeyVariable_IsHonouredAndNothingIsPrintedOrWritten()
    {
        await using var server = await ServerProcess.StartAsync(DataDirectory);

        Assert.DoesNotContain(Announcement, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestKeys.Admin, server.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDirectory, "admin.key")));
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task AdminKeyVariable_AddedLater_BecomesASecondAdminKey()
    {
        await using (await ServerProcess.StartAsync(DataDirectory, NoAdminKey))
        {
        }

        await using var server = await ServerProcess.StartAsync(DataDirectory);

        using var http = server.CreateClient();
        var keys = await http.GetStringAsync("/api/v1/keys");
        Assert.Contains("\"id\":\"testadmin\"", keys, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("maas_x")]
    public async Task MalformedAdminKey_StopsTheStartWithAReason(string value)
    {
        var start = MaasCommand.StartInfo(["serve", "--data-dir", DataDirectory, "--http", "127.0.0.1:0", "--grpc", "none"]);
        start.Environment[TestKeys.AdminKeyVariable] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("maas: cannot start: MAAS_ADMIN_KEY is not a Maas API key", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(value, await stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _temporary.Dispose();
}
