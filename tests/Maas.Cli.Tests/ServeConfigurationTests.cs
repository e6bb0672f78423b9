using System.Text.Json;

namespace Maas.Cli.Tests;

/// <summary>
/// <c>maas serve</c>'s configuration on a real process: a flag beats a variable, which beats the file; secrets are
/// masked by <c>--print-config</c>; a bad value from any source stops the start naming its flag and key.
/// </summary>
public sealed class ServeConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("maas-config-");

    [Fact]
    public async Task PrintConfig_FlagBeatsVariableBeatsFile()
    {
        var file = WriteConfig("""{ "Maas": { "Limits": { "MaxJsonDepth": 10 }, "Training": { "MaxConcurrentJobs": 3 } } }""");

        var fromFile = await PrintAsync(null, "--config", file);
        var fromVariable = await PrintAsync(new() { ["MAAS__LIMITS__MAXJSONDEPTH"] = "12" }, "--config", file);
        var fromFlag = await PrintAsync(new() { ["MAAS__LIMITS__MAXJSONDEPTH"] = "12" }, "--config", file, "--max-json-depth", "14");

        Assert.Equal(("10", "config.json"), Setting(fromFile, "Maas:Limits:MaxJsonDepth"));
        Assert.Equal(("12", "MAAS__LIMITS__MAXJSONDEPTH"), Setting(fromVariable, "Maas:Limits:MaxJsonDepth"));
        Assert.Equal(("14", "--max-json-depth"), Setting(fromFlag, "Maas:Limits:MaxJsonDepth"));
        Assert.Equal(("3", "config.json"), Setting(fromFlag, "Maas:Training:MaxConcurrentJobs"));
        Assert.Equal(("32", "default"), Setting(await PrintAsync(null), "Maas:Limits:MaxJsonDepth"));
    }

    [Fact]
    public async Task PrintConfig_DocumentedVariable_BeatsTheLongOneAndFlagsConvertUnits()
    {
        var result = await PrintAsync(
            new() { ["MAAS__STORAGE__DATADIRECTORY"] = "/srv/long", ["MAAS_DATA_DIR"] = "/srv/short" },
            "--max-model-bytes", "4KiB", "--request-timeout", "infinite", "--min-data-rate-grace", "90s");

        Assert.Equal(("/srv/short", "MAAS_DATA_DIR"), Setting(result, "Maas:Storage:DataDirectory"));
        Assert.Equal(("4096", "--max-model-bytes"), Setting(result, "Maas:Limits:MaxModelBytes"));
        Assert.Equal(("-00:00:00.0010000", "--request-timeout"), Setting(result, "Maas:Limits:RequestTimeout"));
        Assert.Equal(("00:01:30", "--min-data-rate-grace"), Setting(result, "Maas:Limits:MinDataRateGracePeriod"));
    }

    [Fact]
    public async Task PrintConfig_Secrets_AreMaskedAndNeverPrinted()
    {
        var masterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var result = await MaasCommand.RunAsync(new Dictionary<string, string?> { ["MAAS_ADMIN_KEY"] = TestKeys.Admin, ["MAAS_MASTER_KEY"] = masterKey }, "serve", "--print-config");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(TestKeys.Admin, result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(masterKey, result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Maas:Security:AdminKey\s+\*{8}\s+MAAS_ADMIN_KEY", result.Stdout);
        Assert.Matches(@"Maas:Storage:MasterKey\s+\*{8}\s+MAAS_MASTER_KEY", result.Stdout);
    }

    [Fact]
    public async Task Serve_BadValueInTheFile_ExitsOneNamingFlagAndKeyAndCreatesNothing()
    {
        var dataDirectory = _folder.Combine("data");
        var file = WriteConfig("""{ "Maas": { "Limits": { "MaxJsonDepth": 2 }, "Hosting": { "HttpAddress": "127.0.0.1:0", "GrpcAddress": "none" } } }""");

        var result = await MaasCommand.RunAsync("serve", "--config", file, "--data-dir", dataDirectory);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(
            "maas: cannot start: --max-json-depth must be between 4 and 1000; 2 was given (configuration key Maas:Limits:MaxJsonDepth).",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory), "A refused start left a data folder behind.");
    }

    [Fact]
    public async Task Serve_MisspeltKeyOrUnreadableFile_ExitsOne()
    {
        var misspelt = await MaasCommand.RunAsync("serve", "--config", WriteConfig("""{ "Maas": { "Limits": { "MaxJsonDept": 8 } } }"""), "--print-config");
        var unreadable = await MaasCommand.RunAsync("serve", "--config", WriteConfig("{ not json"));
        var missing = await MaasCommand.RunAsync("serve", "--config", _folder.Combine("absent.json"));

        Assert.True(misspelt.ExitCode == 1, misspelt.ToString());
        Assert.Contains("Maas:Limits:MaxJsonDept is not a Maas setting", misspelt.Stderr, StringComparison.Ordinal);
        Assert.True(unreadable.ExitCode == 1, unreadable.ToString());
        Assert.Contains("maas: cannot start: the configuration cannot be read", unreadable.Stderr, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("absent.json", missing.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private string WriteConfig(string json)
    {
        var path = _folder.Combine("config.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static async Task<JsonElement> PrintAsync(Dictionary<string, string?>? environment, params string[] arguments)
    {
        var result = await MaasCommand.RunAsync(environment, ["serve", "--print-config", "--json", .. arguments]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    private static (string? Value, string? Source) Setting(JsonElement printed, string key)
    {
        var setting = printed.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("key").GetString() == key);
        return (setting.GetProperty("value").GetString(), setting.GetProperty("source").GetString());
    }
}
