using System.Globalization;
using System.Net;
using System.Text;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Hostile inference requests over REST, JSON and the binary extension: impossible shapes, lying sizes, nesting and
/// numbers JSON cannot carry. Each is a 400 (413, 415) saying what is wrong, and the witness keeps answering.
/// </summary>
public sealed class HostileTensorTests(HostileFixture server) : IClassFixture<HostileFixture>
{
    private const string Infer = $"/v2/models/{HostileFixture.Witness}/infer";

    [Theory]
    [InlineData("[-1, 30]", "negative")]
    [InlineData("[1, -30]", "negative")]
    [InlineData("[4611686018427387904, 4]", "overflows")]
    [InlineData("[9223372036854775807, 9223372036854775807]", "overflows")]
    [InlineData("[3000000000, 3000000000]", "limit")]
    [InlineData("[1, 100000000]", "limit")]
    [InlineData("[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", "rank")]
    [InlineData("[1e30, 30]", "shape")]
    [InlineData("[1.5, 30]", "shape")]
    [InlineData("\"1,30\"", "shape")]
    public async Task Infer_HostileShape_Returns400(string shape, string mention)
    {
        var body = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":{shape},\"datatype\":\"FP32\",\"data\":[1]}}]}}";

        await Rejections.AssertAsync(await PostJsonAsync(body), 400, mention);
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("null")]
    [InlineData("true")]
    public async Task Infer_NonFiniteOrNonNumberInFp32Json_Returns400(string value)
    {
        var data = string.Join(',', Enumerable.Repeat("0.5", 29).Prepend(value));
        var body = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[{data}]}}]}}";

        await Rejections.AssertAsync(await PostJsonAsync(body), 400);
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_NaNInBinaryFp32_IsAcceptedAsAValue()
    {
        // IEEE NaN is a legitimate FP32 value on the wire; the model decides what it means (this one answers NaN).
        var raw = new byte[30 * 4];
        for (var i = 0; i < 30; i++)
        {
            BitConverter.TryWriteBytes(raw.AsSpan(i * 4), i == 0 ? float.NaN : 0.5f);
        }

        using var response = await PostBinaryAsync(Header("FP32", "[1,30]", raw.Length), raw);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData("FP32", "[1,30]", 100, 120, "binary_data_size")]
    [InlineData("FP32", "[1,30]", 120, 60, "remain")]
    [InlineData("FP32", "[1,30]", 120, 240, "no input claims")]
    [InlineData("FP64", "[1,30]", 240, 240, "FP32")]
    [InlineData("INT8", "[1,30]", 30, 30, "FP32")]
    [InlineData("FP32", "[1,30]", -4, 120, "binary_data_size")]
    [InlineData("FP32", "[1,30]", 4294967416, 120, "binary_data_size")]
    [InlineData("BOOL", "[1,30]", 30, 30, "BOOL")]
    public async Task Infer_BinaryTypeOrSizeMismatch_Returns400(string datatype, string shape, long declared, int sent, string mention)
    {
        var raw = new byte[sent];
        Array.Fill(raw, datatype == "BOOL" ? (byte)2 : (byte)0);

        await Rejections.AssertAsync(await PostBinaryAsync(Header(datatype, shape, declared), raw), 400, mention);
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })] // a lead byte without its continuation
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded UTF-16 surrogate
    [InlineData(new byte[] { 0xC0, 0xAE })] // an overlong '.'
    [InlineData(new byte[] { 0xFF })]
    public async Task Infer_InvalidUtf8InBinaryBytes_Returns400NamingUtf8(byte[] element)
    {
        var raw = new byte[4 + element.Length];
        BitConverter.TryWriteBytes(raw, element.Length);
        element.CopyTo(raw, 4);

        await Rejections.AssertAsync(await PostBinaryAsync(Header("BYTES", "[1]", raw.Length), raw), 400, "UTF-8");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_InvalidUtf8InsideTheJson_Returns400()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"inputs\":[{\"name\":\"features\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"");
        using var content = new ByteArrayContent([.. prefix, 0xC3, 0x28, .. "\"]}]}"u8.ToArray()]);
        content.Headers.ContentType = new("application/json");

        await Rejections.AssertAsync(await server.Http.PostAsync(Infer, content), 400);
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("999999")]
    [InlineData("0")]
    [InlineData("1e3")]
    [InlineData("99999999999999999999")]
    [InlineData("12abc")]
    public async Task Infer_BadInferenceHeaderContentLength_Returns400NamingTheHeader(string value)
    {
        var header = Encoding.UTF8.GetBytes("{\"inputs\":[]}");
        using var content = new ByteArrayContent([.. header, 0, 0, 0, 0]);
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", value);

        await Rejections.AssertAsync(await server.Http.PostAsync(Infer, content), 400, "Inference-Header-Content-Length");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_InferenceHeaderContentLengthTwice_Returns400()
    {
        var header = Encoding.UTF8.GetBytes("{\"inputs\":[]}");
        using var content = new ByteArrayContent(header);
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", ["5", header.Length.ToString(CultureInfo.InvariantCulture)]);

        // HttpClient folds the two values into one header, "5, 13", as a proxy may; either way it is refused.
        await Rejections.AssertAsync(await server.Http.PostAsync(Infer, content), 400, "Inference-Header-Content-Length");
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData(40, "data")]
    [InlineData(100_000, "data")]
    public async Task Infer_DeeplyNestedData_Returns400NamingTheDepthLimit(int depth, string where)
    {
        var body = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"{where}\":{new string('[', depth)}{new string(']', depth)}}}]}}";

        await Rejections.AssertAsync(await PostJsonAsync(body), 400, "32");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_DeeplyNestedParameters_Returns400()
    {
        const int Depth = 10_000;
        var body = $"{{\"parameters\":{string.Concat(Enumerable.Repeat("{\"a\":", Depth))}1{new string('}', Depth)},\"inputs\":[]}}";

        await Rejections.AssertAsync(await PostJsonAsync(body), 400);
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Management_DeeplyNestedJson_Returns400()
    {
        const int Depth = 10_000;
        var body = $"{{\"name\":\"deep\",\"tags\":{string.Concat(Enumerable.Repeat("{\"a\":", Depth))}1{new string('}', Depth)}}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        await Rejections.AssertAsync(await server.Http.PostAsync("/api/v1/models", content), 400);
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Management_BodyOverTheLimit_Returns413NamingIt()
    {
        var body = $"{{\"name\":\"big\",\"description\":\"{new string('x', 2 * 1024 * 1024)}\"}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        await Rejections.AssertAsync(await server.Http.PostAsync("/api/v1/models", content), 413, "1048576");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_BodyOverKestrelsDefaultButUnderTheInferenceLimit_IsServed()
    {
        // 40 MB of JSON (mostly trailing blanks): Kestrel's own default (30 MB) must not be what decides.
        var data = string.Join(',', Enumerable.Repeat("0.5", 30));
        var body = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":[{data}]}}]}}" + new string(' ', 40_000_000);

        using var response = await PostJsonAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Infer_CompressedBody_Returns415()
    {
        using var content = new ByteArrayContent([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]);
        content.Headers.ContentEncoding.Add("gzip");

        await Rejections.AssertAsync(await server.Http.PostAsync(Infer, content), 415, "Content-Encoding");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_UnknownDatatypeOrTypeName_Returns400()
    {
        foreach (var datatype in new[] { "FP128", "System.String", "fp32", "FP32, BOOL" })
        {
            var body = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":[1,1],\"datatype\":\"{datatype}\",\"data\":[1]}}]}}";
            await Rejections.AssertAsync(await PostJsonAsync(body), 400, "datatype");
        }

        await server.AssertServingAsync();
    }

    private Task<HttpResponseMessage> PostJsonAsync(string json)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        return server.Http.PostAsync(Infer, content);
    }

    private static byte[] Header(string datatype, string shape, long binaryDataSize) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"inputs\":[{{\"name\":\"{(datatype == "BYTES" ? "text" : "features")}\",\"shape\":{shape},\"datatype\":\"{datatype}\",\"parameters\":{{\"binary_data_size\":{binaryDataSize}}}}}]}}"));

    private Task<HttpResponseMessage> PostBinaryAsync(byte[] header, byte[] raw)
    {
        var content = new ByteArrayContent([.. header, .. raw]);
        content.Headers.TryAddWithoutValidation("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        return server.Http.PostAsync(Infer, content);
    }
}
