using System.Text.Json;

namespace Maas.Cli.Tests;

/// <summary><c>maas keys</c> and <c>maas audit</c> against a real server, with the keys they make put to use.</summary>
public sealed class KeysRoundTripTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    [Fact]
    public async Task Keys_CreateUseListRevoke_RoundTripsThroughTheServer()
    {
        var create = await Succeeds(TestKeys.Admin, "keys", "create", "--role", "publisher", "--scope", "fraud-*", "--expires", "30d", "--description", "cli test");
        var key = create.Stdout.Trim();
        Assert.Matches("^maas_[0-9a-f]{16}_[0-9a-f]{64}$", key);
        Assert.Contains("publisher key", create.Stderr);
        Assert.Contains("only time", create.Stderr);
        var id = key.Split('_')[1];

        // The new key works, within its scopes only.
        await Succeeds(key, "models", "create", "fraud-cli");
        var outside = await server.RunWithKeyAsync(key, "models", "create", "other-cli");
        Assert.True(outside.ExitCode == 1, outside.ToString());
        Assert.Contains("may only create models matching 'fraud-*'", outside.Stderr);

        var list = await Succeeds(TestKeys.Admin, "keys", "list");
        Assert.Contains(id, list.Stdout);
        Assert.Contains("publisher", list.Stdout);
        Assert.Contains("fraud-*", list.Stdout);
        Assert.Contains("active", list.Stdout);
        Assert.DoesNotContain(key, list.Stdout);

        var json = await Succeeds(TestKeys.Admin, "keys", "show", id, "--json");
        using (var shown = JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal("publisher", shown.RootElement.GetProperty("role").GetString());
            Assert.Equal("cli test", shown.RootElement.GetProperty("description").GetString());
        }

        var revoke = await Succeeds(TestKeys.Admin, "keys", "revoke", id);
        Assert.Contains($"Revoked key {id}.", revoke.Stdout);
        var refused = await server.RunWithKeyAsync(key, "models", "list");
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("error: The API key was revoked.", refused.Stderr);
        Assert.Contains("revoked", (await Succeeds(TestKeys.Admin, "keys", "list")).Stdout);

        var audit = await Succeeds(TestKeys.Admin, "audit", "--key", id);
        Assert.Contains("model.create", audit.Stdout);
        Assert.Contains("fraud-cli", audit.Stdout);
        Assert.Contains("failure", audit.Stdout);
    }

    [Fact]
    public async Task Keys_CreateJson_CarriesTheKeyOnce()
    {
        var result = await Succeeds(TestKeys.Admin, "keys", "create", "--role", "consumer", "--scope", "*", "--json");

        using var created = JsonDocument.Parse(result.Stdout);
        Assert.StartsWith("maas_", created.RootElement.GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.Equal("consumer", created.RootElement.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Keys_WithAConsumerKey_AreForbidden()
    {
        var consumer = (await Succeeds(TestKeys.Admin, "keys", "create", "--role", "consumer", "--scope", "*")).Stdout.Trim();

        var result = await server.RunWithKeyAsync(consumer, "keys", "list");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("This needs an admin key; this key is a consumer key.", result.Stderr);
    }

    [Fact]
    public async Task Audit_Json_FiltersByActionPrefix()
    {
        await Succeeds(TestKeys.Admin, "models", "create", "audited-by-cli");

        var result = await Succeeds(TestKeys.Admin, "audit", "--action", "model.*", "--since", "1h", "--limit", "5", "--json");

        using var page = JsonDocument.Parse(result.Stdout);
        var entries = page.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.StartsWith("model.", e.GetProperty("action").GetString(), StringComparison.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("target").GetString() == "audited-by-cli" && e.GetProperty("outcome").GetString() == "success");
    }

    [Fact]
    public async Task AdminAuditPrune_InsideTheRetention_IsRefused_AndOlderDropsNothingYet()
    {
        var refused = await server.RunWithKeyAsync(TestKeys.Admin, "admin", "audit", "prune", "--before", "10d");
        var pruned = await Succeeds(TestKeys.Admin, "admin", "audit", "prune", "--before", "400d");
        var audit = await Succeeds(TestKeys.Admin, "audit", "--action", "audit.prune");

        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("90 days", refused.Stderr);
        Assert.Contains("audit log", pruned.Stdout);
        Assert.Contains("audit.prune", audit.Stdout);
        Assert.Contains("COUNT", audit.Stdout);
        Assert.Contains("LEAKED KEY", audit.Stdout);
    }

    [Fact]
    public async Task Models_WithoutKey_HintAtTheVariable()
    {
        var result = await server.RunWithKeyAsync(null, "models", "list");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("An API key is required", result.Stderr);
        Assert.Contains("MAAS_API_KEY", result.Stderr);
    }

    [Theory]
    [InlineData("keys", "create", "--role", "root")]
    [InlineData("keys", "create")]
    [InlineData("keys", "create", "--role", "consumer", "--expires", "soon")]
    [InlineData("keys", "revoke", "maas_abcd_0123456789abcdef0123456789abcdef")]
    [InlineData("audit", "--since", "whenever")]
    [InlineData("audit", "--limit", "0")]
    public async Task Parse_InvalidCommandLine_ExitsTwo(params string[] arguments)
    {
        var result = await MaasCommand.RunAsync(arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
    }

    private async Task<CommandResult> Succeeds(string? apiKey, params string[] arguments)
    {
        var result = await server.RunWithKeyAsync(apiKey, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
