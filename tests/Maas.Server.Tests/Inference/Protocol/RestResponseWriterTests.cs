using System.Text.Json;
using Maas.Core;
using Maas.Core.Inference;
using Maas.Server.Inference.Protocol;
using Maas.Server.Inference.Protocol.Rest;
using Microsoft.AspNetCore.Http;

namespace Maas.Server.Tests.Inference.Protocol;

public sealed class RestResponseWriterTests
{
    private static readonly InferTensor Scores = ProtocolTestData.Fp32("scores", [2, 2], 1f, 2f, 3f, 4f);
    private static readonly InferTensor Labels = new("labels", [2], ["cat", "日本"]);
    private static readonly InferTensor Flags = new("flags", TensorDataType.BOOL, [3], new byte[] { 1, 0, 1 });

    [Fact]
    public async Task Write_MixedBinaryAndJsonOutputs_HeaderLengthAndBlobOrderAreRight()
    {
        var message = new InferenceResponseMessage("m", "3", "req", [Scores, Flags, Labels], [true, false, true]);

        var response = await ProtocolTestData.WriteAsync(message);

        Assert.Equal("application/octet-stream", response.ContentType);
        Assert.Equal(response.Body.Length, response.ContentLength);
        var (json, blobs) = ProtocolTestData.SplitResponse(response);
        var outputs = json.GetProperty("outputs");
        Assert.Equal(16, outputs[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        Assert.False(outputs[0].TryGetProperty("data", out _));
        Assert.Equal("[true,false,true]", outputs[1].GetProperty("data").GetRawText());
        Assert.False(outputs[1].TryGetProperty("parameters", out _));
        var labelBlob = ProtocolTestData.LengthPrefixed("cat"u8.ToArray(), "日本"u8.ToArray());
        Assert.Equal(labelBlob.Length, outputs[2].GetProperty("parameters").GetProperty("binary_data_size").GetInt64());
        Assert.Equal([.. Scores.Data.ToArray(), .. labelBlob], blobs);
        Assert.Equal("req", json.GetProperty("id").GetString());
        Assert.Equal("3", json.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Write_Fp16RequestedAsJson_TravelsBinaryAnyway()
    {
        var half = new InferTensor("h", TensorDataType.FP16, [1], new byte[] { 0x00, 0x3C });

        var response = await ProtocolTestData.WriteAsync(new InferenceResponseMessage("m", "1", null, [half]));

        Assert.Equal("application/octet-stream", response.ContentType);
        var (json, blobs) = ProtocolTestData.SplitResponse(response);
        Assert.Equal(2, json.GetProperty("outputs")[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal([0x00, 0x3C], blobs);
    }

    [Fact]
    public async Task Write_NonFiniteFloats_BecomeNamedStrings()
    {
        var values = new InferTensor("v", TensorDataType.FP64, [3],
            new[] { double.PositiveInfinity, double.NegativeInfinity, 0.1 }.SelectMany(BitConverter.GetBytes).ToArray());

        var response = await ProtocolTestData.WriteAsync(new InferenceResponseMessage("m", null, null, [values]));

        var data = JsonDocument.Parse(response.Body).RootElement.GetProperty("outputs")[0].GetProperty("data");
        Assert.Equal("""["Infinity","-Infinity",0.1]""", data.GetRawText());
    }

    [Fact]
    public async Task WriteAsync_BinaryResponse_SetsHeadersAndBody()
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        var message = new InferenceResponseMessage("m", "1", null, [Scores, Labels], [true, false]);

        await RestInferenceWriter.WriteAsync(context.Response, message, CancellationToken.None);

        var headerLength = int.Parse(context.Response.Headers["Inference-Header-Content-Length"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("application/octet-stream", context.Response.ContentType);
        Assert.Equal(body.Length, context.Response.ContentLength);
        Assert.Equal(headerLength + 16, body.Length);
        var json = JsonDocument.Parse(body.ToArray().AsMemory(0, headerLength)).RootElement;
        Assert.Equal("""["cat","日本"]""", json.GetProperty("outputs")[1].GetProperty("data").GetRawText());
        Assert.Equal(Scores.Data.ToArray(), body.ToArray()[headerLength..]);
    }

    [Fact]
    public async Task WriteAsync_JsonResponse_HasNoHeaderLength()
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await RestInferenceWriter.WriteAsync(context.Response, new InferenceResponseMessage("m", "1", null, [Flags]), CancellationToken.None);

        Assert.Equal("application/json", context.Response.ContentType);
        Assert.False(context.Response.Headers.ContainsKey("Inference-Header-Content-Length"));
        Assert.Equal(body.Length, context.Response.ContentLength);
        Assert.Equal(
            """{"model_name":"m","model_version":"1","outputs":[{"name":"flags","datatype":"BOOL","shape":[3],"data":[true,false,true]}]}""",
            System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public void For_Request_ResolvesBinaryPerOutputOverDefault()
    {
        var request = new InferenceRequestMessage(null, [], [new RequestedOutput("scores", false, null)], BinaryOutputDefault: true);

        var message = InferenceResponseMessage.For(request, "m", "1", [Scores, Labels]);

        Assert.Equal([false, true], message.BinaryOutputs!);
    }
}
