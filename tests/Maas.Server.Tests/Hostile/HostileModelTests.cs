using System.Net;
using System.Text;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Hostile model files over the real server: each upload is refused with a 4xx naming the problem (or, for a file
/// that is valid ONNX but asks for absurd memory at run time, the version fails to load with 503), nothing is stored,
/// and the witness model keeps answering.
/// </summary>
public sealed class HostileModelTests(HostileFixture server) : IClassFixture<HostileFixture>
{
    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("subdir/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("..\\..\\x")]
    [InlineData("%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("weights.bin")]
    public async Task Upload_ExternalData_Returns422NamingTheTensor(string location)
    {
        var (_, response) = await server.UploadFreshAsync(HostileModels.ExternalInitializer(location));

        await Rejections.AssertAsync(response, 422, "external", "'b'");
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/shadow")]
    public async Task Upload_ExternalDataInsideASubgraphConstant_Returns422(string location)
    {
        var (_, response) = await server.UploadFreshAsync(HostileModels.ExternalInSubgraph(location));

        await Rejections.AssertAsync(response, 422, "external");
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public async Task Upload_TruncatedOnnx_Returns422(double keep)
    {
        var bytes = await File.ReadAllBytesAsync(TestFixtures.Model("digits_cnn"));

        var (_, response) = await server.UploadFreshAsync(bytes[..(int)(bytes.Length * keep)]);

        await Rejections.AssertAsync(response, 422, "ONNX");
        await server.AssertServingAsync();
    }

    public static TheoryData<string, byte[]> NotOnnx => new()
    {
        { "empty", [] },
        { "text", Encoding.UTF8.GetBytes("name,age\nalice,42\n") },
        { "json", Encoding.UTF8.GetBytes("{\"ir_version\": 8, \"graph\": {}}") },
        { "zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, .. Encoding.ASCII.GetBytes("model.onnx")] },
        { "pickle", [0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x8C, 0x05, .. Encoding.ASCII.GetBytes("posix"), 0x94, 0x8C, 0x06, .. Encoding.ASCII.GetBytes("system"), 0x93, 0x2E] },
        { "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52] },
        { "elf", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3E, 0] },
        { "zeros", new byte[4096] },
    };

    [Theory]
    [MemberData(nameof(NotOnnx))]
    public async Task Upload_NotOnnx_Returns422(string kind, byte[] content)
    {
        var (name, response) = await server.UploadFreshAsync(content);

        await Rejections.AssertAsync(response, 422, "ONNX");
        using var versions = await server.Http.GetAsync($"/api/v1/models/{name}/versions");
        Assert.DoesNotContain("\"version\"", await versions.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(kind);
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData(1_000_000L, 1_000_000L)] // 4 TB of FP32 from a file of a hundred bytes
    [InlineData(20_000L, 20_000L)] // 1.6 GB: one array could hold it, and warm-up would allocate it
    [InlineData(4_611_686_018_427_387_904L, 4L)] // the product overflows Int64
    public async Task Upload_DeclaredInputOfTerabytes_Returns422NamingInputAndLimit(long rows, long columns)
    {
        var (_, response) = await server.UploadFreshAsync(HostileModels.Identity(rows, columns));

        await Rejections.AssertAsync(response, 422, "input 'x'", "--max-tensor-elements");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Upload_DeclaredOutputOfTerabytes_Returns422NamingOutput()
    {
        var (_, response) = await server.UploadFreshAsync(HostileModels.IdentityWithOutput(["n", 3], [1_000_000L, 1_000_000L, 3L]));

        await Rejections.AssertAsync(response, 422, "output 'y'");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Upload_NegativeDeclaredDimension_Returns422()
    {
        var (_, response) = await server.UploadFreshAsync(HostileModels.Identity(-5L, 3L));

        await Rejections.AssertAsync(response, 422, "-5");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Load_OutputComputedAtPetabytes_FailsWith503AndOthersKeepAnswering()
    {
        // The signature is all symbolic, so registration cannot see it; the run asks for 2^50 floats (4 PiB).
        var (name, response) = await server.UploadFreshAsync(HostileModels.ExpandTo(1L << 20, 1L << 20, 1L << 10));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        response.Dispose();

        using var load = await server.Http.PostAsync($"/v2/repository/models/{name}/load", null);
        var body = await load.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, load.StatusCode);
        Assert.Contains("failed to load", Rejections.MessageOf(body), StringComparison.Ordinal);
        Rejections.AssertNoLeaks(body);
        await server.AssertServingAsync();
    }
}
