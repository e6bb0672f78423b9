using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Tests.Hostile;

/// <summary>The same hostile tensors over gRPC: <c>INVALID_ARGUMENT</c> with the REST message, and the witness keeps answering.</summary>
public sealed class HostileGrpcTests(HostileFixture server) : IClassFixture<HostileFixture>, IDisposable
{
    private readonly GrpcChannel _channel = server.CreateGrpcChannel();

    private GRPCInferenceService.GRPCInferenceServiceClient Client => new(_channel);

    [Theory]
    [InlineData(new long[] { -1, 30 }, "negative")]
    [InlineData(new long[] { 4611686018427387904, 4 }, "overflows")]
    [InlineData(new long[] { 1, 100_000_000 }, "limit")]
    [InlineData(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, "rank")]
    public async Task ModelInfer_HostileShape_IsInvalidArgument(long[] shape, string mention)
    {
        var request = Request("FP32", shape, new byte[120]);

        await AssertInvalidAsync(request, mention);
    }

    [Theory]
    [InlineData(119)]
    [InlineData(121)]
    [InlineData(0)]
    public async Task ModelInfer_RawContentsOfTheWrongSize_IsInvalidArgument(int bytes)
    {
        await AssertInvalidAsync(Request("FP32", [1, 30], new byte[bytes]), "bytes");
    }

    [Fact]
    public async Task ModelInfer_InvalidUtf8InBytes_IsInvalidArgument()
    {
        await AssertInvalidAsync(Request("BYTES", [1], [1, 0, 0, 0, 0xFF]), "UTF-8");
    }

    [Fact]
    public async Task ModelInfer_TypedBytesContentsWithInvalidUtf8_IsInvalidArgument()
    {
        var request = new ModelInferRequest { ModelName = HostileFixture.Witness };
        var contents = new InferTensorContents();
        contents.BytesContents.Add(ByteString.CopyFrom(0xC3, 0x28));
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "features", Datatype = "BYTES", Shape = { 1 }, Contents = contents });

        await AssertInvalidAsync(request, "UTF-8");
    }

    [Fact]
    public async Task ModelInfer_HostileModelName_IsNotFoundWithAMessage()
    {
        foreach (var name in new[] { "../../etc/passwd", "a\0b", "%2e%2e", "/" })
        {
            var request = Request("FP32", [1, 30], new byte[120]);
            request.ModelName = name;
            var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
            Assert.Contains("not found", error.Status.Detail, StringComparison.Ordinal);
            Rejections.AssertNoLeaks(error.Status.Detail);
        }

        await server.AssertServingAsync();
    }

    private static ModelInferRequest Request(string datatype, long[] shape, byte[] raw)
    {
        var request = new ModelInferRequest { ModelName = HostileFixture.Witness };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "features", Datatype = datatype, Shape = { shape } });
        request.RawInputContents.Add(ByteString.CopyFrom(raw));
        return request;
    }

    private async Task AssertInvalidAsync(ModelInferRequest request, string mention)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(mention, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Rejections.AssertNoLeaks(error.Status.Detail);
        await server.AssertServingAsync();
    }

    public void Dispose() => _channel.Dispose();
}
