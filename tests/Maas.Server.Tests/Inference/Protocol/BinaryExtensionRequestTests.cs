using System.Text;
using Maas.Core;
using Maas.Server.Inference.Protocol;

namespace Maas.Server.Tests.Inference.Protocol;

public sealed class BinaryExtensionRequestTests
{
    private const string MixedJson = """
        {"inputs":[
          {"name":"a","shape":[2],"datatype":"FP32","parameters":{"binary_data_size":8}},
          {"name":"b","shape":[2],"datatype":"INT32","data":[7,8]},
          {"name":"c","shape":[3],"datatype":"BYTES","parameters":{"binary_data_size":20}},
          {"name":"d","shape":[2],"datatype":"FP16","parameters":{"binary_data_size":4}},
          {"name":"e","shape":[0],"datatype":"INT64","parameters":{"binary_data_size":0}}
        ],"outputs":[{"name":"y","parameters":{"binary_data":true}}]}
        """;

    [Fact]
    public async Task Parse_MixedJsonAndBinaryInputs_TakesBlobsInInputOrder()
    {
        byte[] a = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)];
        var c = ProtocolTestData.LengthPrefixed("hi"u8.ToArray(), [], "héllo"u8.ToArray());
        byte[] d = [0x00, 0x3C, 0x00, 0xC0];
        var (body, header) = ProtocolTestData.BinaryBody(MixedJson, a, c, d);

        var request = await ProtocolTestData.ReadAsync(body, header);

        Assert.Equal(["a", "b", "c", "d", "e"], request.Inputs.Select(i => i.Name));
        Assert.Equal(a, request.Inputs[0].Data.ToArray());
        Assert.Equal([.. BitConverter.GetBytes(7), .. BitConverter.GetBytes(8)], request.Inputs[1].Data.ToArray());
        Assert.Equal(["hi", "", "héllo"], request.Inputs[2].Strings!);
        Assert.Equal(TensorDataType.FP16, request.Inputs[3].Datatype);
        Assert.Equal(d, request.Inputs[3].Data.ToArray());
        Assert.Equal(0, request.Inputs[4].ElementCount);
        Assert.True(request.WantsBinary("y"));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999")]
    [InlineData("99999999999999999999")]
    [InlineData(" 12")]
    public async Task Parse_BadHeaderLength_RejectsNamingTheHeader(string header)
    {
        var body = Encoding.UTF8.GetBytes("""{"inputs":[]}""");

        var error = await ProtocolTestData.RejectsAsync(body, header);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal($"The Inference-Header-Content-Length header must be a whole number from 0 to the body length (13), not '{header}'.", error.Message);
    }

    [Fact]
    public async Task Parse_ZeroHeaderLength_IsRejectedAsUnsupportedRawBody()
    {
        var error = await ProtocolTestData.RejectsAsync(new byte[8], "0");

        Assert.StartsWith("Inference-Header-Content-Length: 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FP32", "[2]", 6, 6, "Input 'x' has binary_data_size 6, but shape [2] of FP32 needs 8.")]
    [InlineData("FP32", "[2]", 8, 4, "Input 'x' has binary_data_size 8, but only 4 bytes of binary data remain.")]
    [InlineData("FP32", "[2]", 8, 12, "The request has 4 bytes of binary data after the JSON header that no input claims.")]
    [InlineData("BOOL", "[2]", 2, 2, "Input 'x' of type BOOL holds a byte other than 0 or 1.")]
    public async Task Parse_BlobSizeProblems_Reject(string datatype, string shape, int declared, int sent, string message)
    {
        var json = $$$"""{"inputs":[{"name":"x","shape":{{{shape}}},"datatype":"{{{datatype}}}","parameters":{"binary_data_size":{{{declared}}}}}]}""";
        var blob = Enumerable.Repeat((byte)2, sent).ToArray();
        var (body, header) = ProtocolTestData.BinaryBody(json, blob);

        var error = await ProtocolTestData.RejectsAsync(body, header);

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0, 0xC3, 0x28 }, 1, "Input 'x' element 0 is not valid UTF-8.")]
    [InlineData(new byte[] { 9, 0, 0, 0, 0x41 }, 1, "Input 'x' element 0 claims 9 bytes, but only 1 remain.")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0x41, 0 }, 1, "Input 'x' has 1 bytes of binary data left after its 1 BYTES elements.")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0x41, 0, 0, 0 }, 2, "Input 'x' binary data ends after 1 of its 2 BYTES elements.")]
    [InlineData(new byte[] { 0, 0, 0, 0 }, 2, "Input 'x' has 4 bytes of binary data, too few for the 2 BYTES elements of shape [2].")]
    public async Task Parse_BadBytesBlob_Rejects(byte[] blob, int count, string message)
    {
        var json = $$$"""{"inputs":[{"name":"x","shape":[{{{count}}}],"datatype":"BYTES","parameters":{"binary_data_size":{{{blob.Length}}}}}]}""";
        var (body, header) = ProtocolTestData.BinaryBody(json, blob);

        var error = await ProtocolTestData.RejectsAsync(body, header);

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Parse_BytesElementOverLimit_Rejects()
    {
        var blob = ProtocolTestData.LengthPrefixed(new byte[100]);
        var (body, header) = ProtocolTestData.BinaryBody(
            """{"inputs":[{"name":"x","shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":104}}]}""", blob);

        var error = await ProtocolTestData.RejectsAsync(body, header, InferenceLimits.Default with { MaxBytesElementLength = 10 });

        Assert.Equal("Input 'x' element 0 is 100 bytes long, more than the limit of 10.", error.Message);
    }

    [Fact]
    public async Task Parse_BinarySizeWithoutHeader_Rejects()
    {
        var error = await ProtocolTestData.RejectsAsync("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","parameters":{"binary_data_size":4}}]}""");

        Assert.Equal("Input 'x' has parameters.binary_data_size, but the request has no Inference-Header-Content-Length header.", error.Message);
    }

    [Fact]
    public async Task Parse_HeaderCoveringWholeBody_IsPlainJson()
    {
        var (body, header) = ProtocolTestData.BinaryBody("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[2]}]}""");

        var request = await ProtocolTestData.ReadAsync(body, header);

        Assert.Equal(BitConverter.GetBytes(2f), request.Inputs[0].Data.ToArray());
    }
}
