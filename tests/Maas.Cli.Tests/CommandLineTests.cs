namespace Maas.Cli.Tests;

/// <summary>What <c>maas</c> does before it talks to any server: help, usage errors, an unreachable address.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string> Commands =>
    [
        "",
        "serve",
        "models",
        "models create",
        "models list",
        "models show",
        "models update",
        "models versions",
        "models push",
        "models download",
        "models delete",
        "models alias",
        "models unalias",
        "keys",
        "keys create",
        "keys list",
        "keys show",
        "keys revoke",
        "audit",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_EveryCommand_DescribesAndShowsAnExample(string command)
    {
        var result = await MaasCommand.RunAsync([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Description:", result.Stdout);
        Assert.Contains("Example", result.Stdout);
        Assert.Contains("  maas " + command, result.Stdout);
    }

    [Theory]
    [InlineData("models", "push")]
    [InlineData("models", "alias", "fraud", "production", "not-a-number")]
    [InlineData("models", "create", "fraud", "--tag", "no-equals-sign")]
    [InlineData("models", "list", "--page-size", "0")]
    [InlineData("models", "lsit")]
    [InlineData("serve", "--max-model-bytes", "lots")]
    public async Task Parse_InvalidCommandLine_ExitsTwoWithAnError(params string[] arguments)
    {
        var result = await MaasCommand.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task List_UnreachableServer_ExitsOneAndSaysSo()
    {
        // Port 1 on the loopback address refuses connections at once.
        var result = await MaasCommand.RunAsync("models", "list", "--server", "http://127.0.0.1:1");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Cannot reach the Maas server at http://127.0.0.1:1", result.Stderr);
        Assert.Contains("maas serve", result.Stderr);
    }

    [Fact]
    public async Task List_UnreachableServerWithJson_PrintsAProblemOnStdout()
    {
        var result = await MaasCommand.RunAsync("models", "list", "--server", "127.0.0.1:1", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var problem = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.Equal("Unavailable", problem.RootElement.GetProperty("code").GetString());
    }
}
