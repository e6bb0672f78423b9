namespace Maas.Cli.Tests;

/// <summary>The <c>maas serve</c> limit flags: listed with their defaults, refused when they do not parse (exit 2) or are out of range (exit 1, before the data folder is touched).</summary>
public sealed class ServeLimitFlagTests
{
    [Fact]
    public async Task Help_Serve_ListsEveryLimitWithItsDefault()
    {
        var result = await MaasCommand.RunAsync("serve", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var (flag, value) in new[]
        {
            ("--max-management-bytes", "1048576"), ("--max-tensor-elements", "67108864"), ("--max-tensor-rank", "16"),
            ("--max-json-depth", "32"), ("--max-header-bytes", "32768"), ("--min-data-rate", "240"),
            ("--min-data-rate-grace", "5s"), ("--request-timeout", "60s"), ("--shutdown-timeout", "30s"),
        })
        {
            var line = result.Stdout.Split('\n').SingleOrDefault(l => l.TrimStart().StartsWith(flag + " ", StringComparison.Ordinal));
            Assert.True(line is not null, $"{flag} is not in the help:\n{result.Stdout}");
            Assert.Contains($"[default: {value}]", line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--request-timeout", "soon")]
    [InlineData("--shutdown-timeout", "infinite")]
    [InlineData("--min-data-rate-grace", "-5s")]
    [InlineData("--max-header-bytes", "lots")]
    [InlineData("--max-tensor-rank", "three")]
    public async Task Serve_UnparsableLimit_ExitsTwo(string flag, string value)
    {
        var result = await MaasCommand.RunAsync("serve", flag, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(value, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--request-timeout", "0")]
    [InlineData("--max-json-depth", "2")]
    [InlineData("--max-tensor-rank", "65")]
    [InlineData("--max-tensor-elements", "0")]
    [InlineData("--min-data-rate-grace", "1s")]
    [InlineData("--max-header-bytes", "1KiB")]
    public async Task Serve_LimitOutOfRange_ExitsOneNamingTheFlagAndCreatesNothing(string flag, string value)
    {
        using var temporary = new TemporaryDirectory("maas-flags-");
        var dataDirectory = temporary.Combine("data");

        var result = await MaasCommand.RunAsync("serve", "--data-dir", dataDirectory, "--http", "127.0.0.1:0", "--grpc", "none", flag, value);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("maas: cannot start: " + flag, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory), "A refused start left a data folder behind.");
    }
}
