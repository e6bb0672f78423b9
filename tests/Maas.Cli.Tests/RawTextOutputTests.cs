using System.Text;
using Microsoft.Data.Sqlite;

namespace Maas.Cli.Tests;

/// <summary>
/// Text the server holds but did not write itself (a description stored before control characters were refused, a
/// CSV cell, a column name) reaches the terminal through <c>maas</c>: every byte of the escape sequences in it must
/// come out escaped, in tables, show views and <c>--json</c> alike. The hostile rows are written straight into the
/// server's database, as data from before the rule would be.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The temporary folder goes in DisposeAsync, as IAsyncLifetime has it.")]
public sealed class RawTextOutputTests : IAsyncLifetime
{
    private const string Hostile = "card\u001b]0;owned\u0007 fraud\u001b[2J\u009b31m\u202egnp.exe";

    private readonly TemporaryDirectory _temporary = new("maas-rawtext-");
    private ServerProcess? _server;

    private string DataDirectory => _temporary.Combine("data");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(DataDirectory);

    [Fact]
    public async Task ModelsShowAndList_DescriptionTagsAndLabelsWithEscapes_PrintNoRawControlCharacters()
    {
        Succeeded(await RunAsync("models", "create", "seed"));
        await ExecuteAsync(
            """
            INSERT INTO models (name, description, tags, labels, created, updated)
            SELECT 'hostile', $text, json_object('team', $text), json_array('legit', $text), created, updated FROM models WHERE name = 'seed'
            """);

        foreach (var arguments in new[] { new[] { "models", "show", "hostile" }, ["models", "list"], ["models", "show", "hostile", "--json"], ["models", "list", "--json"] })
        {
            var result = Succeeded(await RunAsync(arguments));
            Assert.Contains("card", result.Stdout, StringComparison.Ordinal);
            AssertNoRawControls(result.Stdout, string.Join(' ', arguments));
            AssertNoRawControls(result.Stderr, string.Join(' ', arguments));
        }

        var show = Succeeded(await RunAsync("models", "show", "hostile"));
        Assert.Contains("\\u001b]0;owned\\u0007", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetsShow_ColumnNamesAndCategoriesWithEscapes_PrintNoRawControlCharacters()
    {
        var csv = _temporary.Combine("hostile.csv");
        await File.WriteAllTextAsync(csv, $"color,y\n\"{Hostile}\",1\n\"{Hostile}\",2\nred,3\n", new UTF8Encoding(false));
        Succeeded(await RunAsync("datasets", "push", "colors", csv));
        await ExecuteAsync("UPDATE dataset_versions SET schema = replace(schema, '\"color\"', '\"co' || $text || 'lor\"')");

        foreach (var arguments in new[] { new[] { "datasets", "show", "colors" }, ["datasets", "show", "colors", "--version", "1"], ["datasets", "show", "colors", "--json"] })
        {
            var result = Succeeded(await RunAsync(arguments));
            Assert.Contains("card", result.Stdout, StringComparison.Ordinal);
            AssertNoRawControls(result.Stdout, string.Join(' ', arguments));
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temporary.Dispose();
    }

    private static void AssertNoRawControls(string output, string command)
    {
        var index = output.IndexOfAny(['\u001b', '\u0007', '\u009b', '\u202e']);
        Assert.True(index < 0, $"'maas {command}' printed U+{(index < 0 ? 0 : output[index]):X4} raw: {output.Replace("\u001b", "<ESC>", StringComparison.Ordinal)}");
    }

    private static CommandResult Succeeded(CommandResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private Task<CommandResult> RunAsync(params string[] arguments) =>
        MaasCommand.RunAsync(new Dictionary<string, string?> { [TestKeys.ApiKeyVariable] = TestKeys.Admin }, [.. arguments, "--server", _server!.HttpAddress.ToString()]);

    // The JSON text of a string holding the hostile characters, as the stores write tags, labels and schemas.
    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "maas.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 5000; " + sql;
        command.Parameters.AddWithValue("$text", sql.Contains("schema", StringComparison.Ordinal) ? System.Text.Json.JsonSerializer.Serialize(Hostile)[1..^1] : Hostile);
        Assert.True(await command.ExecuteNonQueryAsync() > 0, $"The statement changed no row: {sql}");
    }
}
