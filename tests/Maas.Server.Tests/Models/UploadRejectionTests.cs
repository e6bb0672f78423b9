using System.Text;
using Google.Protobuf;
using Maas.Onnx.Proto;
using Maas.Onnx.Tests;
using Maas.Server.Hosting;

namespace Maas.Server.Tests.Models;

/// <summary>Uploads that must not become versions: each is a 422 (or 413) naming the problem, and leaves nothing behind.</summary>
public sealed class UploadRejectionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Upload_TruncatedOnnx_Returns422()
    {
        var bytes = await File.ReadAllBytesAsync(TestFixtures.Model("breast_cancer_mlp"));

        var detail = await RejectAsync(bytes[..(bytes.Length / 2)], 422);

        Assert.Contains("ONNX", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_TextFile_Returns422()
    {
        await RejectAsync(Encoding.UTF8.GetBytes("name,age\nalice,42\nbob,17\n"), 422);
    }

    [Fact]
    public async Task Upload_EmptyBody_Returns422()
    {
        await RejectAsync([], 422);
    }

    [Fact]
    public async Task Upload_RandomBytes_Returns422()
    {
        var bytes = new byte[64 * 1024];
        new Random(42).NextBytes(bytes);

        await RejectAsync(bytes, 422);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("subdir/../../x")]
    [InlineData("/etc/shadow")]
    [InlineData("weights.bin")]
    public async Task Upload_ExternalData_Returns422(string location)
    {
        var model = TestModels.Add();
        model.Graph.Initializer.Add(TestModels.External("b", location, 1, 3));

        var detail = await RejectAsync(model.ToByteArray(), 422);

        Assert.Contains("external", detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'b'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UnsupportedOpset_Returns422NamingIt()
    {
        var model = TestModels.Add();
        model.OpsetImport[0].Version = 27;

        var detail = await RejectAsync(model.ToByteArray(), 422);

        Assert.Contains("27", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_IrVersionTooNew_Returns422()
    {
        var model = TestModels.Add();
        model.IrVersion = 14;

        Assert.Contains("14", await RejectAsync(model.ToByteArray(), 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_CustomOperatorDomain_Returns422()
    {
        var model = TestModels.Add();
        model.OpsetImport.Add(TestModels.Opset("evil.ops", 1));
        model.Graph.Node[0].Domain = "evil.ops";

        Assert.Contains("evil.ops", await RejectAsync(model.ToByteArray(), 422), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ValidTinyModel_IsAccepted()
    {
        var name = await server.CreateModelAsync();

        using var response = await server.UploadAsync(name, TestModels.Add().ToStream());

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_Returns413AndLeavesNoTemporaryFile()
    {
        var small = new ServerFixture();
        small.Configure<LimitsOptions>(o => o.MaxModelBytes = 4096);
        await small.InitializeAsync();
        try
        {
            var name = await small.CreateModelAsync();
            using var response = await small.UploadAsync(name, TestFixtures.Model("breast_cancer_mlp"));

            Assert.Contains("4096", await Json.ProblemAsync(response, 413), StringComparison.Ordinal);
            Assert.Empty(small.TemporaryFiles());
            Assert.Empty(small.BlobFiles());
        }
        finally
        {
            await small.DisposeAsync();
        }
    }

    internal async Task<string> RejectAsync(byte[] body, int status)
    {
        var name = await server.CreateModelAsync("reject");
        var blobsBefore = server.BlobFiles().Length;

        using var response = await server.UploadAsync(name, new MemoryStream(body));

        var detail = await Json.ProblemAsync(response, status);
        Assert.Empty(server.TemporaryFiles());
        Assert.Equal(blobsBefore, server.BlobFiles().Length);
        var versions = await Json.ReadAsync(await server.Http.GetAsync($"/api/v1/models/{name}/versions"));
        Assert.Empty(versions.GetProperty("versions").EnumerateArray());
        return detail;
    }
}
