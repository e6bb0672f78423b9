using System.Text.Json;
using Google.Protobuf;
using Maas.Core;
using Maas.Core.Inference;
using Maas.Server.Inference.Protocol;
using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Tests.Inference.Protocol;

public sealed class GrpcConversionTests
{
    public static TheoryData<string, string, string> Tensors => RestJsonRoundTripTests.Tensors;

    [Theory]
    [MemberData(nameof(Tensors))]
    public async Task Read_RawAndTypedContents_DecodeToTheSameTensorAsJson(string datatype, string flat, string nested)
    {
        _ = nested;
        var fromJson = (await ProtocolTestData.ParseJsonAsync($$"""{"inputs":[{"name":"x","shape":[2,3],"datatype":"{{datatype}}","data":{{flat}}}]}""")).Inputs[0];
        var values = JsonDocument.Parse(flat).RootElement.EnumerateArray().ToArray();

        var raw = Request(datatype, [2, 3]);
        raw.RawInputContents.Add(ByteString.CopyFrom(RawTensorEncoder.ToMemory(fromJson).Span));
        var typed = Request(datatype, [2, 3]);
        typed.Inputs[0].Contents = TypedContents(fromJson.Datatype, values);

        var fromRaw = GrpcInferRequestReader.Read(raw, InferenceLimits.Default).Inputs[0];
        var fromTyped = GrpcInferRequestReader.Read(typed, InferenceLimits.Default).Inputs[0];

        foreach (var tensor in new[] { fromRaw, fromTyped })
        {
            Assert.Equal(fromJson.Datatype, tensor.Datatype);
            Assert.Equal(fromJson.Shape, tensor.Shape);
            Assert.Equal(fromJson.Data.ToArray(), tensor.Data.ToArray());
            Assert.Equal(fromJson.Strings, tensor.Strings);
        }
    }

    [Fact]
    public void Read_IdOutputsAndClassification_AreCarried()
    {
        var request = Request("FP32", [1]);
        request.Id = "abc";
        request.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { 1f } };
        var output = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "y" };
        output.Parameters["classification"] = new InferParameter { Int64Param = 2 };
        request.Outputs.Add(output);
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "z" });

        var message = GrpcInferRequestReader.Read(request, InferenceLimits.Default);

        Assert.Equal("abc", message.Id);
        Assert.Equal([new RequestedOutput("y", null, 2), new RequestedOutput("z", null, null)], message.Outputs);
        Assert.False(message.BinaryOutputDefault);
    }

    [Fact]
    public void Read_RawFp16_IsWrappedWithoutCopy()
    {
        var request = Request("FP16", [2]);
        var raw = ByteString.CopyFrom(0x00, 0x3C, 0x00, 0xC0);
        request.RawInputContents.Add(raw);

        var tensor = GrpcInferRequestReader.Read(request, InferenceLimits.Default).Inputs[0];

        Assert.True(tensor.Data.Span.Overlaps(raw.Span));
    }

    [Theory]
    [InlineData("INT8", "Input 'x' of type INT8 holds 128, which is out of range.")]
    [InlineData("UINT8", "Input 'x' of type UINT8 sets int_contents; its values belong in uint_contents.")]
    [InlineData("FP16", "Input 'x' is FP16, which can only travel in raw_input_contents, not int_contents.")]
    public void Read_BadTypedContents_Rejects(string datatype, string message)
    {
        var request = Request(datatype, [1]);
        request.Inputs[0].Contents = new InferTensorContents { IntContents = { 128 } };

        var error = Assert.Throws<MaasException>(() => GrpcInferRequestReader.Read(request, InferenceLimits.Default));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_Uint16Above65535_Rejects()
    {
        var request = Request("UINT16", [1]);
        request.Inputs[0].Contents = new InferTensorContents { UintContents = { 70000 } };

        var error = Assert.Throws<MaasException>(() => GrpcInferRequestReader.Read(request, InferenceLimits.Default));

        Assert.Equal("Input 'x' of type UINT16 holds 70000, which is out of range.", error.Message);
    }

    [Fact]
    public void Read_TypedCountMismatch_UsesTheRestMessage()
    {
        var request = Request("INT32", [2, 2]);
        request.Inputs[0].Contents = new InferTensorContents { IntContents = { 1, 2, 3 } };

        var error = Assert.Throws<MaasException>(() => GrpcInferRequestReader.Read(request, InferenceLimits.Default));

        Assert.Equal("Input 'x' has 3 values, but shape [2, 2] needs 4.", error.Message);
    }

    [Fact]
    public void Read_RawAndContentsTogether_Rejects()
    {
        var request = Request("INT32", [1]);
        request.Inputs[0].Contents = new InferTensorContents { IntContents = { 1 } };
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[4]));

        var error = Assert.Throws<MaasException>(() => GrpcInferRequestReader.Read(request, InferenceLimits.Default));

        Assert.Equal("Input 'x' sets contents, which must stay unset when the request uses raw_input_contents.", error.Message);
    }

    [Fact]
    public void Read_RawCountDiffersFromInputs_Rejects()
    {
        var request = Request("INT32", [1]);
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[4]));
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[4]));

        var error = Assert.Throws<MaasException>(() => GrpcInferRequestReader.Read(request, InferenceLimits.Default));

        Assert.Equal("The request has 2 raw_input_contents for 1 inputs; it needs exactly one per input.", error.Message);
    }

    [Theory]
    [InlineData("FP32", new long[] { 3, -1 }, "Input 'x' has a negative dimension in shape [3, -1].")]
    [InlineData("fp32", new long[] { 1 }, "Input 'x' has unknown datatype 'fp32'.")]
    [InlineData("FP32", new long[] { 1L << 40, 1L << 40 }, "Input 'x' has shape [1099511627776, 1099511627776], whose element count overflows.")]
    public void Read_BadDeclaration_RejectsLikeRest(string datatype, long[] shape, string message)
    {
        var error = Assert.Throws<MaasException>(() => GrpcInferRequestReader.Read(Request(datatype, shape), InferenceLimits.Default));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_RawBytesWithInvalidUtf8_Rejects()
    {
        var request = Request("BYTES", [1]);
        request.RawInputContents.Add(ByteString.CopyFrom(ProtocolTestData.LengthPrefixed([0xFF])));

        var error = Assert.Throws<MaasException>(() => GrpcInferRequestReader.Read(request, InferenceLimits.Default));

        Assert.Equal("Input 'x' element 0 is not valid UTF-8.", error.Message);
    }

    [Fact]
    public void Write_Outputs_GoToRawOutputContentsInOrder()
    {
        var scores = ProtocolTestData.Fp32("scores", [1, 2], 0.25f, 0.75f);
        var labels = new InferTensor("labels", [2], ["a", "héllo"]);

        var response = GrpcInferResponseWriter.Write(new InferenceResponseMessage("m", "2", null, [scores, labels]));

        Assert.Equal("m", response.ModelName);
        Assert.Equal("2", response.ModelVersion);
        Assert.Equal(string.Empty, response.Id);
        Assert.Equal(["scores", "labels"], response.Outputs.Select(o => o.Name));
        Assert.Equal(["FP32", "BYTES"], response.Outputs.Select(o => o.Datatype));
        Assert.Equal([1L, 2L], response.Outputs[0].Shape);
        Assert.Null(response.Outputs[0].Contents);
        Assert.Equal(scores.Data.ToArray(), response.RawOutputContents[0].ToByteArray());
        Assert.Equal(ProtocolTestData.LengthPrefixed("a"u8.ToArray(), "héllo"u8.ToArray()), response.RawOutputContents[1].ToByteArray());
        var parsed = ModelInferResponse.Parser.ParseFrom(response.ToByteArray());
        Assert.Equal(response, parsed);
    }

    private static ModelInferRequest Request(string datatype, long[] shape)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = datatype };
        input.Shape.Add(shape);
        return new ModelInferRequest { ModelName = "m", Inputs = { input } };
    }

    private static InferTensorContents TypedContents(TensorDataType datatype, JsonElement[] values)
    {
        var contents = new InferTensorContents();
        foreach (var v in values)
        {
            switch (datatype)
            {
                case TensorDataType.BOOL: contents.BoolContents.Add(v.GetBoolean()); break;
                case TensorDataType.INT8 or TensorDataType.INT16 or TensorDataType.INT32: contents.IntContents.Add(v.GetInt32()); break;
                case TensorDataType.INT64: contents.Int64Contents.Add(v.GetInt64()); break;
                case TensorDataType.UINT8 or TensorDataType.UINT16 or TensorDataType.UINT32: contents.UintContents.Add(v.GetUInt32()); break;
                case TensorDataType.UINT64: contents.Uint64Contents.Add(v.GetUInt64()); break;
                case TensorDataType.FP32: contents.Fp32Contents.Add(v.GetSingle()); break;
                case TensorDataType.FP64: contents.Fp64Contents.Add(v.GetDouble()); break;
                case TensorDataType.BYTES: contents.BytesContents.Add(ByteString.CopyFromUtf8(v.GetString())); break;
                default: throw new ArgumentOutOfRangeException(nameof(datatype));
            }
        }

        return contents;
    }
}
