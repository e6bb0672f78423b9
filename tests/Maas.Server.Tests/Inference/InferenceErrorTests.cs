using System.Net;
using System.Text;
using System.Text.Json;

namespace Maas.Server.Tests.Inference;

/// <summary>Bad requests get the protocol's <c>{"error"}</c> body with the right status and a message saying what is wrong.</summary>
public sealed class InferenceErrorTests(ServingFixture server) : IClassFixture<ServingFixture>
{
    [Fact]
    public async Task Infer_WrongShape_Returns400NamingInputExpectedAndActual()
    {
        var error = await ErrorAsync(await PostJsonAsync("breast-cancer-mlp", new
        {
            inputs = new[] { new { name = "features", shape = new[] { 1, 31 }, datatype = "FP32", data = new float[31] } },
        }), 400);

        Assert.Contains("features", error, StringComparison.Ordinal);
        Assert.Contains("30", error, StringComparison.Ordinal);
        Assert.Contains("31", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_WrongDatatype_Returns400NamingBothTypes()
    {
        var error = await ErrorAsync(await PostJsonAsync("breast-cancer-mlp", new
        {
            inputs = new[] { new { name = "features", shape = new[] { 1, 30 }, datatype = "FP64", data = new double[30] } },
        }), 400);

        Assert.Contains("FP32", error, StringComparison.Ordinal);
        Assert.Contains("FP64", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_ElementCountMismatch_Returns400()
    {
        await ErrorAsync(await PostJsonAsync("breast-cancer-mlp", new
        {
            inputs = new[] { new { name = "features", shape = new[] { 1, 30 }, datatype = "FP32", data = new float[29] } },
        }), 400);
    }

    [Fact]
    public async Task Infer_BinaryByteSizeMismatch_Returns400()
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = "features", shape = new[] { 1, 30 }, datatype = "FP32", parameters = new { binary_data_size = 100 } } },
        });

        var error = await ErrorAsync(await PostBinaryAsync("breast-cancer-mlp", header, new byte[100], header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), 400);

        Assert.Contains("features", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("999999")]
    [InlineData("abc")]
    public async Task Infer_BadInferenceHeaderContentLength_Returns400(string value)
    {
        var header = Encoding.UTF8.GetBytes("{\"inputs\":[]}");

        var error = await ErrorAsync(await PostBinaryAsync("breast-cancer-mlp", header, [], value), 400);

        Assert.Contains("Inference-Header-Content-Length", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_UnknownModelOrVersion_Returns404()
    {
        Assert.Contains("nope", await ErrorAsync(await PostJsonAsync("nope", new { inputs = Array.Empty<object>() }), 404), StringComparison.Ordinal);
        using var response = await server.Http.PostAsJsonAsync("/v2/models/breast-cancer-mlp/versions/9/infer", new { inputs = Array.Empty<object>() });
        await ErrorAsync(response, 404);
        using var alias = await server.Http.PostAsJsonAsync("/v2/models/breast-cancer-mlp/versions/canary/infer", new { inputs = Array.Empty<object>() });
        Assert.Contains("canary", await ErrorAsync(alias, 404), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_MissingInput_Returns400NamingIt()
    {
        var error = await ErrorAsync(await PostJsonAsync("breast-cancer-mlp", new { inputs = Array.Empty<object>() }), 400);

        Assert.Contains("features", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownInferenceRoute_Returns404WithErrorBody()
    {
        await ErrorAsync(await server.Http.GetAsync("/v2/nothing/here"), 404);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string model, object body) => server.Http.PostAsJsonAsync($"/v2/models/{model}/infer", body);

    private Task<HttpResponseMessage> PostBinaryAsync(string model, byte[] header, byte[] blob, string headerLength)
    {
        var content = new ByteArrayContent([.. header, .. blob]);
        content.Headers.Add("Inference-Header-Content-Length", headerLength);
        return server.Http.PostAsync($"/v2/models/{model}/infer", content);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, int status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
            using var json = JsonDocument.Parse(body);
            var error = json.RootElement.GetProperty("error").GetString();
            Assert.False(string.IsNullOrWhiteSpace(error));
            return error!;
        }
    }
}
