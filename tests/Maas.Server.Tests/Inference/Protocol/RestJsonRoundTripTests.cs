using System.Text.Json;
using Maas.Core;
using Maas.Server.Inference.Protocol;

namespace Maas.Server.Tests.Inference.Protocol;

public sealed class RestJsonRoundTripTests
{
    /// <summary>Per datatype: a 2×3 tensor as flat JSON, and the same values nested.</summary>
    public static TheoryData<string, string, string> Tensors => new()
    {
        { "BOOL", "[true,false,true,true,false,false]", "[[true,false,true],[true,false,false]]" },
        { "INT8", "[-128,-1,0,1,100,127]", "[[-128,-1,0],[1,100,127]]" },
        { "INT16", "[-32768,-1,0,1,300,32767]", "[[-32768,-1,0],[1,300,32767]]" },
        { "INT32", "[-2147483648,-1,0,1,70000,2147483647]", "[[-2147483648,-1,0],[1,70000,2147483647]]" },
        { "INT64", "[-9223372036854775808,-1,0,1,5000000000,9223372036854775807]", "[[-9223372036854775808,-1,0],[1,5000000000,9223372036854775807]]" },
        { "UINT8", "[0,1,2,127,128,255]", "[[0,1,2],[127,128,255]]" },
        { "UINT16", "[0,1,2,256,40000,65535]", "[[0,1,2],[256,40000,65535]]" },
        { "UINT32", "[0,1,2,65536,3000000000,4294967295]", "[[0,1,2],[65536,3000000000,4294967295]]" },
        { "UINT64", "[0,1,2,4294967296,10000000000000000000,18446744073709551615]", "[[0,1,2],[4294967296,10000000000000000000,18446744073709551615]]" },
        { "FP32", "[1.1,-2.5,0,3.4028235E+38,1E-45,0.1]", "[[1.1,-2.5,0],[3.4028235E+38,1E-45,0.1]]" },
        { "FP64", "[1.1,-2.5,0,1.7976931348623157E+308,5E-324,0.1]", "[[1.1,-2.5,0],[1.7976931348623157E+308,5E-324,0.1]]" },
        { "BYTES", "[\"a\",\"\",\"héllo\",\"日本\",\"tab\\tquote\\\"\",\"x\"]", "[[\"a\",\"\",\"héllo\"],[\"日本\",\"tab\\tquote\\\"\",\"x\"]]" },
    };

    [Theory]
    [MemberData(nameof(Tensors))]
    public async Task Parse_FlatAndNestedData_DecodeToTheSameLittleEndianBytes(string datatype, string flat, string nested)
    {
        var fromFlat = (await ProtocolTestData.ParseJsonAsync(Request(datatype, flat))).Inputs[0];
        var fromNested = (await ProtocolTestData.ParseJsonAsync(Request(datatype, nested))).Inputs[0];

        Assert.Equal(datatype, fromFlat.Datatype.ToString());
        Assert.Equal([2L, 3L], fromFlat.Shape);
        var values = JsonDocument.Parse(flat).RootElement.EnumerateArray().ToArray();
        if (datatype == "BYTES")
        {
            Assert.Equal(values.Select(v => v.GetString()), fromFlat.Strings!);
            Assert.Equal(fromFlat.Strings!, fromNested.Strings!);
        }
        else
        {
            Assert.Equal(ProtocolTestData.ExpectedBytes(fromFlat.Datatype, values), fromFlat.Data.ToArray());
            Assert.Equal(fromFlat.Data.ToArray(), fromNested.Data.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Tensors))]
    public async Task Write_DecodedInputAsOutput_EchoesTheSameValues(string datatype, string flat, string nested)
    {
        var request = await ProtocolTestData.ParseJsonAsync(Request(datatype, nested));

        var response = await ProtocolTestData.WriteAsync(InferenceResponseMessage.For(request, "m", "1", request.Inputs));

        Assert.Equal("application/json", response.ContentType);
        Assert.Null(response.InferenceHeaderContentLength);
        Assert.Equal(response.Body.Length, response.ContentLength);
        var output = JsonDocument.Parse(response.Body).RootElement.GetProperty("outputs")[0];
        Assert.Equal("x", output.GetProperty("name").GetString());
        Assert.Equal(datatype, output.GetProperty("datatype").GetString());
        Assert.Equal("[2,3]", output.GetProperty("shape").GetRawText());
        // Written flat, and each element keeps the exact text it came in with (shortest round-trip floats included).
        var expected = JsonDocument.Parse(flat).RootElement.EnumerateArray().Select(Canonical);
        Assert.Equal(expected, output.GetProperty("data").EnumerateArray().Select(Canonical));
    }

    [Fact]
    public async Task Parse_PropertiesInAnyOrder_DataBeforeShapeStillDecodes()
    {
        var request = await ProtocolTestData.ParseJsonAsync(
            """{"inputs":[{"data":[[1,2],[3,4]],"datatype":"INT32","parameters":{"other":1},"shape":[2,2],"name":"x"}]}""");

        Assert.Equal(ProtocolTestData.ExpectedBytes(TensorDataType.INT32, JsonDocument.Parse("[1,2,3,4]").RootElement.EnumerateArray()),
            request.Inputs[0].Data.ToArray());
    }

    [Fact]
    public async Task Parse_IdAndOutputs_AreEchoedAndResolved()
    {
        var request = await ProtocolTestData.ParseJsonAsync("""
            {"id":"42","parameters":{"binary_data_output":true,"priority":1,"triton_x":"y"},
             "inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]}],
             "outputs":[{"name":"a","parameters":{"binary_data":false}},{"name":"b","parameters":{"classification":3}},{"name":"c"}]}
            """);

        Assert.Equal("42", request.Id);
        Assert.True(request.BinaryOutputDefault);
        Assert.Equal([new RequestedOutput("a", false, null), new RequestedOutput("b", null, 3), new RequestedOutput("c", null, null)], request.Outputs);
        Assert.False(request.WantsBinary("a"));
        Assert.True(request.WantsBinary("b"));

        var response = await ProtocolTestData.WriteAsync(new InferenceResponseMessage("m", "1", request.Id, []));
        Assert.Equal("""{"model_name":"m","model_version":"1","id":"42","outputs":[]}""", response.Text);
    }

    [Fact]
    public async Task Write_NoIdAndNoVersion_OmitsThem()
    {
        var response = await ProtocolTestData.WriteAsync(new InferenceResponseMessage("m", null, null, [ProtocolTestData.Fp32("y", [2], 0.5f, float.NaN)]));

        Assert.Equal(
            """{"model_name":"m","outputs":[{"name":"y","datatype":"FP32","shape":[2],"data":[0.5,"NaN"]}]}""",
            response.Text);
    }

    [Fact]
    public async Task Parse_EmptyTensor_HasNoElements()
    {
        var input = (await ProtocolTestData.ParseJsonAsync("""{"inputs":[{"name":"x","shape":[0,3],"datatype":"FP32","data":[]}]}""")).Inputs[0];

        Assert.Equal(0, input.ElementCount);
        Assert.True(input.Data.IsEmpty);
    }

    private static string Request(string datatype, string data) =>
        $$"""{"inputs":[{"name":"x","shape":[2,3],"datatype":"{{datatype}}","data":{{data}}}]}""";

    /// <summary>Numbers compare by text; strings by value, since escaping is a writer's choice.</summary>
    private static string Canonical(JsonElement e) => e.ValueKind == JsonValueKind.String ? "s:" + e.GetString() : e.GetRawText();
}
