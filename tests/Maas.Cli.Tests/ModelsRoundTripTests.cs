using System.Security.Cryptography;
using System.Text.Json;

namespace Maas.Cli.Tests;

/// <summary>The registry's whole life cycle driven through the <c>maas</c> executable against a real server.</summary>
public sealed class ModelsRoundTripTests(CliServerFixture server) : IClassFixture<CliServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _workDirectory = new("maas-cli-files-");

    [Fact]
    public async Task Models_CreatePushAliasDownloadDelete_RoundTripsThroughTheServer()
    {
        var mlp = TestFixtures.Model("breast_cancer_mlp");
        var cnn = TestFixtures.Model("digits_cnn");

        var created = await Succeeds("models", "create", "fraud", "--description", "card fraud scorer", "--tag", "team=risk", "--label", "legit", "--label", "fraud");
        Assert.Contains("Created model fraud", created.Stdout);

        var first = await Succeeds("models", "push", "fraud", mlp);
        Assert.Contains("version 1", first.Stdout);
        Assert.Contains(Digest(mlp), first.Stdout);
        Assert.Contains("features", first.Stdout);

        var second = await Succeeds("models", "push", "fraud", cnn, "--json");
        using (var json = JsonDocument.Parse(second.Stdout))
        {
            Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(Digest(cnn), json.RootElement.GetProperty("digest").GetString());
        }

        var alias = await Succeeds("models", "alias", "fraud", "production", "1");
        Assert.Contains("production", alias.Stdout);

        var list = await Succeeds("models", "list");
        Assert.Contains("fraud", list.Stdout);
        Assert.Contains("card fraud scorer", list.Stdout);
        Assert.Contains("production→1", list.Stdout);

        var showFirst = await Succeeds("models", "show", "fraud", "--version", "1");
        Assert.Contains("features", showFirst.Stdout);
        Assert.Contains("FP32", showFirst.Stdout);
        Assert.Contains("[-1, 30]", showFirst.Stdout);
        Assert.Contains("legit, fraud", showFirst.Stdout);

        var showLatest = await Succeeds("models", "show", "fraud");
        Assert.Contains("Signature of version 2", showLatest.Stdout);
        Assert.Contains("[-1, 1, 8, 8]", showLatest.Stdout);

        await AssertVersionCountAsync("fraud", 2);

        var downloaded = _workDirectory.Combine("fraud-2.onnx");
        await Succeeds("models", "download", "fraud", "2", "-o", downloaded);
        Assert.Equal(await File.ReadAllBytesAsync(cnn), await File.ReadAllBytesAsync(downloaded));
        Assert.False(File.Exists(downloaded + ".partial"));

        var refused = await Fails("models", "delete", "fraud", "1");
        Assert.Contains("production", refused.Stderr);

        await Succeeds("models", "unalias", "fraud", "production");
        await Succeeds("models", "delete", "fraud", "1");
        await AssertVersionCountAsync("fraud", 1);
    }

    [Fact]
    public async Task Download_ExistingFile_RefusesUnlessForced()
    {
        var model = TestFixtures.Model("diabetes_linear");
        await Succeeds("models", "create", "overwrite");
        await Succeeds("models", "push", "overwrite", model);
        var target = _workDirectory.Combine("existing.onnx");
        await File.WriteAllTextAsync(target, "keep me");

        var refused = await Fails("models", "download", "overwrite", "1", "-o", target);
        Assert.Contains("--force", refused.Stderr);
        Assert.Equal("keep me", await File.ReadAllTextAsync(target));

        await Succeeds("models", "alias", "overwrite", "stable", "1");
        await Succeeds("models", "download", "overwrite", "stable", "-o", target, "--force");
        Assert.Equal(await File.ReadAllBytesAsync(model), await File.ReadAllBytesAsync(target));
    }

    [Fact]
    public async Task Download_MissingVersion_LeavesNoFile()
    {
        await Succeeds("models", "create", "empty");
        var target = _workDirectory.Combine("missing.onnx");

        var failed = await Fails("models", "download", "empty", "7", "-o", target);

        Assert.Contains("error:", failed.Stderr);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task Update_LabelsAndDescription_AreReplaced()
    {
        await Succeeds("models", "create", "iris", "--label", "a", "--tag", "team=x");
        var labels = _workDirectory.Combine("labels.txt");
        await File.WriteAllLinesAsync(labels, ["setosa", "versicolor", "", "virginica"]);

        await Succeeds("models", "update", "iris", "--description", "three flowers", "--labels-file", labels);

        var shown = await Succeeds("models", "show", "iris", "--json");
        using var json = JsonDocument.Parse(shown.Stdout);
        Assert.Equal("three flowers", json.RootElement.GetProperty("description").GetString());
        Assert.Equal(["setosa", "versicolor", "virginica"], json.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("x", json.RootElement.GetProperty("tags").GetProperty("team").GetString());
    }

    [Fact]
    public async Task List_AllWithSmallPages_FollowsEveryPage()
    {
        foreach (var name in new[] { "page-a", "page-b", "page-c" })
        {
            await Succeeds("models", "create", name);
        }

        var listed = await Succeeds("models", "list", "--page-size", "1", "--all", "--json");

        using var json = JsonDocument.Parse(listed.Stdout);
        var names = json.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Contains("page-a", names);
        Assert.Contains("page-b", names);
        Assert.Contains("page-c", names);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("nextPageToken").ValueKind);
    }

    [Fact]
    public async Task Delete_ModelWithoutVersions_Succeeds()
    {
        await Succeeds("models", "create", "short-lived");

        var deleted = await Succeeds("models", "delete", "short-lived");

        Assert.Contains("Deleted model short-lived", deleted.Stdout);
        await Fails("models", "show", "short-lived");
    }

    [Fact]
    public async Task Create_InvalidName_ExitsOneWithTheRule()
    {
        var result = await Fails("models", "create", "Bad/Name");

        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(Maas.Core.ResourceName.Pattern, result.Stderr);
    }

    [Fact]
    public async Task Show_MissingModelWithJson_PrintsTheProblemOnStdout()
    {
        var result = await Fails("models", "show", "no-such-model", "--json");

        using var problem = JsonDocument.Parse(result.Stdout);
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("NotFound", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("error: ", result.Stderr);
    }

    [Fact]
    public async Task Push_FileThatIsNotOnnx_ExitsOneWithTheServersReason()
    {
        await Succeeds("models", "create", "garbage");
        var file = _workDirectory.Combine("not-a-model.onnx");
        await File.WriteAllTextAsync(file, "this is not protobuf");

        var result = await Fails("models", "push", "garbage", file);

        Assert.Contains("error: ", result.Stderr);
        Assert.Contains("ONNX", result.Stderr);
    }

    public void Dispose() => _workDirectory.Dispose();

    private async Task AssertVersionCountAsync(string model, int expected)
    {
        var versions = await Succeeds("models", "versions", model, "--json");
        using var json = JsonDocument.Parse(versions.Stdout);
        Assert.Equal(expected, json.RootElement.GetProperty("versions").GetArrayLength());
    }

    private async Task<CommandResult> Succeeds(params string[] arguments)
    {
        var result = await server.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"maas {string.Join(' ', arguments)}\n{result}\n--- server\n{server.ServerOutput}");
        return result;
    }

    private async Task<CommandResult> Fails(params string[] arguments)
    {
        var result = await server.RunAsync(arguments);
        Assert.True(result.ExitCode == 1, $"maas {string.Join(' ', arguments)} should exit 1\n{result}");
        return result;
    }

    private static string Digest(string path) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
