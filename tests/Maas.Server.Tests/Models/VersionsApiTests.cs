using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Maas.Server.Tests.Models;

public sealed class VersionsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    public static TheoryData<string, string, string, string> Fixtures => new()
    {
        { "breast_cancer_mlp", "features", "FP32", "-1,30" },
        { "digits_cnn", "image", "FP32", "-1,1,8,8" },
        { "diabetes_linear", "features", "FP32", "-1,10" },
        { "text_encoder", "input_ids", "INT64", "-1,-1" },
        { "resnet18", "image", "FP32", "-1,3,224,224" },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Upload_FixtureModel_RegistersVersionWithDigestSizeAndSignature(string fixture, string input, string datatype, string shape)
    {
        var name = await server.CreateModelAsync(fixture.Replace('_', '-'));
        var path = TestFixtures.Model(fixture);

        using var response = await server.UploadAsync(name, path);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/models/{name}/versions/1", response.Headers.Location?.OriginalString);
        var version = await Json.ReadAsync(response);
        Assert.Equal(1, version.GetProperty("version").GetInt32());
        Assert.Equal(await DigestAsync(path), version.GetProperty("digest").GetString());
        Assert.Equal(new FileInfo(path).Length, version.GetProperty("size").GetInt64());
        Assert.True(version.TryGetProperty("created", out _));
        Assert.Empty(version.GetProperty("aliases").EnumerateArray());
        var signature = version.GetProperty("signature");
        var first = signature.GetProperty("inputs")[0];
        Assert.Equal(input, first.GetProperty("name").GetString());
        Assert.Equal(datatype, first.GetProperty("datatype").GetString());
        Assert.Equal(shape, string.Join(',', first.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())));
        Assert.NotEmpty(signature.GetProperty("outputs").EnumerateArray());
    }

    [Fact]
    public async Task Upload_AfterDeletion_NeverReusesANumber()
    {
        var name = await server.CreateModelAsync();
        await UploadOkAsync(name, "diabetes_linear");
        await UploadOkAsync(name, "breast_cancer_mlp");
        (await server.Http.DeleteAsync($"/api/v1/models/{name}/versions/2")).EnsureSuccessStatusCode();

        var third = await UploadOkAsync(name, "digits_cnn");

        Assert.Equal(3, third.GetProperty("version").GetInt32());
        var list = await Json.ReadAsync(await server.Http.GetAsync($"/api/v1/models/{name}/versions"));
        Assert.Equal([3, 1], list.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Upload_IdenticalContentTwice_StoresOneBlob()
    {
        var a = await server.CreateModelAsync();
        var b = await server.CreateModelAsync();
        var model = Onnx.Tests.TestModels.Add();
        model.DocString = Guid.NewGuid().ToString(); // content no other test uploads
        var bytes = Google.Protobuf.MessageExtensions.ToByteArray(model);
        var first = await Json.ReadAsync(await server.UploadAsync(a, new MemoryStream(bytes)));
        var second = await Json.ReadAsync(await server.UploadAsync(b, new MemoryStream(bytes)));
        var digest = first.GetProperty("digest").GetString()!;
        Assert.Equal(digest, second.GetProperty("digest").GetString());

        var hex = digest["sha256:".Length..];
        Assert.Single(server.BlobFiles(), f => Path.GetFileName(f) == hex);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "blobs", "sha256", hex[..2], hex)));

        // The blob outlives the deletion of one of the versions that share it, and goes with the last.
        (await server.Http.DeleteAsync($"/api/v1/models/{a}/versions/1")).EnsureSuccessStatusCode();
        Assert.Single(server.BlobFiles(), f => Path.GetFileName(f) == hex);
        (await server.Http.DeleteAsync($"/api/v1/models/{b}/versions/1")).EnsureSuccessStatusCode();
        Assert.DoesNotContain(server.BlobFiles(), f => Path.GetFileName(f) == hex);
    }

    [Fact]
    public async Task Download_Version_StreamsTheExactBytesWithDigestETag()
    {
        var name = await server.CreateModelAsync();
        var uploaded = await UploadOkAsync(name, "breast_cancer_mlp");

        using var response = await server.Http.GetAsync($"/api/v1/models/{name}/versions/1/artifact");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{uploaded.GetProperty("digest").GetString()}\"", response.Headers.ETag?.Tag);
        Assert.Equal($"{name}-1.onnx", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(await File.ReadAllBytesAsync(TestFixtures.Model("breast_cancer_mlp")), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetVersion_UnknownOrMalformed_Returns404Or400()
    {
        var name = await server.CreateModelAsync();

        Assert.Contains("no version 7", await Json.ProblemAsync(await server.Http.GetAsync($"/api/v1/models/{name}/versions/7"), 404), StringComparison.Ordinal);
        await Json.ProblemAsync(await server.Http.GetAsync($"/api/v1/models/{name}/versions/abc"), 400);
        await Json.ProblemAsync(await server.Http.GetAsync($"/api/v1/models/{name}/versions/0"), 400);
        await Json.ProblemAsync(await server.Http.GetAsync("/api/v1/models/nobody/versions/1"), 404);
    }

    [Fact]
    public async Task Upload_ToUnknownModel_Returns404()
    {
        using var response = await server.UploadAsync("nobody-here", TestFixtures.Model("diabetes_linear"));

        await Json.ProblemAsync(response, 404);
        Assert.Empty(server.TemporaryFiles());
    }

    [Fact]
    public async Task Upload_WrongContentType_Returns415()
    {
        var name = await server.CreateModelAsync();
        await using var file = File.OpenRead(TestFixtures.Model("diabetes_linear"));

        using var response = await server.UploadAsync(name, file, "application/x-www-form-urlencoded");

        Assert.Contains("application/octet-stream", await Json.ProblemAsync(response, 415), StringComparison.Ordinal);
    }

    internal async Task<JsonElement> UploadOkAsync(string name, string fixture)
    {
        using var response = await server.UploadAsync(name, TestFixtures.Model(fixture));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await Json.ReadAsync(response);
    }

    internal static async Task<string> DigestAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
    }
}
