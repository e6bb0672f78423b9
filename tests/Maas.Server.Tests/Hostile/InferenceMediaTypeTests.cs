using System.Net;
using System.Text;
using System.Text.Json;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// <c>/infer</c> parses JSON and the binary tensor extension only: a body labelled as anything else (pickle, Java
/// serialisation, msgpack…) is refused with 415 before a byte of it is read, while what Triton's and KServe's clients
/// and <c>curl -d</c> send keeps working.
/// </summary>
public sealed class InferenceMediaTypeTests(HostileFixture server) : IClassFixture<HostileFixture>
{
    private const string Witness = HostileFixture.Witness;

    private static readonly string Request = JsonSerializer.Serialize(new
    {
        inputs = new[] { new { name = "features", shape = new[] { 1, 30 }, datatype = "FP32", data = new float[30] } },
    });

    [Theory]
    [InlineData("application/x-python-pickle")]
    [InlineData("application/python-pickle")]
    [InlineData("application/x-java-serialized-object")]
    [InlineData("application/msgpack")]
    [InlineData("application/x-msgpack")]
    [InlineData("application/x-protobuf")]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/jsonx")]
    public async Task Infer_BodyOfAnotherMediaType_Is415InTheInferenceErrorShape(string mediaType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Request));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);

        using var response = await server.Http.PostAsync($"/v2/models/{Witness}/infer", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error").GetString()!;
        Assert.Contains(mediaType.Split(';')[0], error, StringComparison.Ordinal);
        Assert.Contains("application/json", error, StringComparison.Ordinal);
        Rejections.AssertNoLeaks(error);
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/octet-stream")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Infer_JsonUnderTheLabelsClientsSend_IsAnswered(string? mediaType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Request));
        if (mediaType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        }

        using var response = await server.Http.PostAsync($"/v2/models/{Witness}/infer", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
    }
}
