using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Maas.Core;
using Maas.Server.Inference.Protocol;
using Maas.Server.Inference.Protocol.Rest;
using Microsoft.AspNetCore.Http;

namespace Maas.Server.Tests.Inference.Protocol;

public sealed class RestInferenceReaderTests
{
    [Fact]
    public async Task ReadAsync_BinaryBodyWithoutContentType_Decodes()
    {
        var (body, header) = ProtocolTestData.BinaryBody(
            """{"id":"7","inputs":[{"name":"x","shape":[1],"datatype":"FP32","parameters":{"binary_data_size":4}}]}""",
            BitConverter.GetBytes(3f));
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.Headers["Inference-Header-Content-Length"] = header;

        var (request, _) = await RestInferenceReader.ReadPooledAsync(context.Request, InferenceLimits.Default, ArrayPool<byte>.Shared, CancellationToken.None);

        Assert.Equal("7", request.Id);
        Assert.Equal(BitConverter.GetBytes(3f), request.Inputs[0].Data.ToArray());
    }

    [Fact]
    public async Task ReadAsync_CompressedBody_IsUnsupportedMediaType()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.ContentEncoding = "gzip";

        var error = await Assert.ThrowsAsync<MaasException>(
            async () => await RestInferenceReader.ReadPooledAsync(context.Request, InferenceLimits.Default, ArrayPool<byte>.Shared, CancellationToken.None));

        Assert.Equal(ErrorCode.UnsupportedMediaType, error.Code);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverLimit_IsPayloadTooLargeBeforeReading()
    {
        var limits = InferenceLimits.Default with { MaxBodyBytes = 100 };
        var context = new DefaultHttpContext();
        context.Request.Body = Stream.Null;
        context.Request.ContentLength = 101;

        var error = await Assert.ThrowsAsync<MaasException>(
            async () => await RestInferenceReader.ReadPooledAsync(context.Request, limits, ArrayPool<byte>.Shared, CancellationToken.None));

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.Equal("The request body is larger than the limit of 100 bytes.", error.Message);
    }

    [Fact]
    public async Task ReadAsync_ChunkedBodyOverLimit_IsPayloadTooLarge()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[150]);
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<MaasException>(
            async () => await RequestBody.ReadAsync(pipe.Reader, null, 100, CancellationToken.None));

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
    }

    [Fact]
    public async Task ReadAsync_ChunkedBodyInManySegments_IsReassembled()
    {
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16));
        var expected = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        for (var offset = 0; offset < expected.Length; offset += 777)
        {
            await pipe.Writer.WriteAsync(expected.AsMemory(offset, Math.Min(777, expected.Length - offset)));
        }

        await pipe.Writer.CompleteAsync();

        var body = await RequestBody.ReadAsync(pipe.Reader, null, 1 << 20, CancellationToken.None);

        Assert.Equal(expected, body.ToArray());
    }

    [Fact]
    public async Task ReadAsync_KnownLength_ReadsExactly()
    {
        var json = Encoding.UTF8.GetBytes("""{"inputs":[{"name":"x","shape":[2],"datatype":"UINT8","data":[1,2]}]}""");

        var request = await ProtocolTestData.ReadAsync(json);

        Assert.Equal([1, 2], request.Inputs[0].Data.ToArray());
    }
}
