using Maas.Core;
using Maas.Server.Inference.Protocol;

namespace Maas.Server.Tests.Inference.Protocol;

public sealed class RestRequestRejectionTests
{
    [Theory]
    [InlineData("INT32", "[2,2]", "[1,2,3]", "Input 'x' has 3 values, but shape [2, 2] needs 4.")]
    [InlineData("INT32", "[2,2]", "[[1,2],[3,4],[5]]", "Input 'x' has 5 values, but shape [2, 2] needs 4.")]
    [InlineData("BYTES", "[3]", "[\"a\"]", "Input 'x' has 1 values, but shape [3] needs 3.")]
    [InlineData("BOOL", "[2]", "[true,1]", "Input 'x' of type BOOL holds 1, which is not true or false.")]
    [InlineData("BOOL", "[1]", "[\"true\"]", "Input 'x' of type BOOL holds a string, which is not true or false.")]
    [InlineData("INT32", "[2]", "[1,1.5]", "Input 'x' of type INT32 holds 1.5, which is not an integer.")]
    [InlineData("INT64", "[1]", "[1e3]", "Input 'x' of type INT64 holds 1e3, which is not an integer.")]
    [InlineData("INT32", "[1]", "[null]", "Input 'x' of type INT32 holds null, which is not an integer.")]
    [InlineData("INT32", "[1]", "[2147483648]", "Input 'x' of type INT32 holds 2147483648, which is out of range.")]
    [InlineData("INT64", "[1]", "[9223372036854775808]", "Input 'x' of type INT64 holds 9223372036854775808, which is out of range.")]
    [InlineData("INT8", "[1]", "[-129]", "Input 'x' of type INT8 holds -129, which is out of range.")]
    [InlineData("UINT8", "[2]", "[1,300]", "Input 'x' of type UINT8 holds 300, which is out of range.")]
    [InlineData("UINT16", "[1]", "[-1]", "Input 'x' of type UINT16 holds -1, which is out of range.")]
    [InlineData("UINT64", "[1]", "[18446744073709551616]", "Input 'x' of type UINT64 holds 18446744073709551616, which is out of range.")]
    [InlineData("FP32", "[1]", "[\"1.5\"]", "Input 'x' of type FP32 holds a string, which is not a number.")]
    [InlineData("FP32", "[1]", "[1e39]", "Input 'x' of type FP32 holds 1e39, which is out of range.")]
    [InlineData("FP64", "[1]", "[1e400]", "Input 'x' of type FP64 holds 1e400, which is out of range.")]
    [InlineData("FP64", "[1]", "[{}]", "Input 'x' of type FP64 holds an object, which is not a number.")]
    [InlineData("BYTES", "[1]", "[5]", "Input 'x' of type BYTES holds 5, which is not a string.")]
    [InlineData("FP16", "[1]", "[1.0]", "Input 'x' is FP16, which cannot travel as JSON; use the binary tensor extension.")]
    [InlineData("BF16", "[1]", "[1.0]", "Input 'x' is BF16, which cannot travel as JSON; use the binary tensor extension.")]
    [InlineData("fp32", "[1]", "[1.0]", "Input 'x' has unknown datatype 'fp32'.")]
    [InlineData("BOOL, FP32", "[1]", "[1.0]", "Input 'x' has unknown datatype 'BOOL, FP32'.")]
    [InlineData("FP32", "[2,-1]", "[]", "Input 'x' has a negative dimension in shape [2, -1].")]
    [InlineData("FP32", "[4294967296,4294967296]", "[]", "Input 'x' has shape [4294967296, 4294967296], whose element count overflows.")]
    [InlineData("FP32", "[100000,100000]", "[]", "Input 'x' has 10000000000 elements, more than the limit of 67108864.")]
    [InlineData("FP32", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", "[1]", "Input 'x' has rank 17, more than the limit of 16.")]
    [InlineData("FP32", "[1.5]", "[1]", "Input 'x' shape holds 1.5, which is not a dimension.")]
    [InlineData("FP32", "[1]", "1", "Input 'x' data must be a JSON array, not 1.")]
    public async Task Parse_BadInput_RejectsWithMessage(string datatype, string shape, string data, string message)
    {
        var json = $$"""{"inputs":[{"name":"x","shape":{{shape}},"datatype":"{{datatype}}","data":{{data}}}]}""";

        var error = await ProtocolTestData.RejectsAsync(json);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32"}]}""", "Input 'x' has neither 'data' nor parameters.binary_data_size; it needs exactly one.")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1],"parameters":{"binary_data_size":4}}]}""", "Input 'x' has both 'data' and parameters.binary_data_size; it needs exactly one.")]
    [InlineData("""{"inputs":[{"shape":[1],"datatype":"FP32","data":[1]}]}""", "Input #0 has no name.")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","data":[1]}]}""", "Input 'x' has no shape.")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"data":[1]}]}""", "Input 'x' has no datatype.")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1],"shape":[1]}]}""", "Input 'x' has more than one 'shape'.")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[1]},{"name":"x","shape":[1],"datatype":"FP32","data":[1]}]}""", "Input 'x' appears more than once.")]
    [InlineData("""{"inputs":[],"outputs":[{"name":"y"},{"name":"y"}]}""", "Output 'y' appears more than once.")]
    [InlineData("""{"inputs":[],"outputs":[{"name":"y","parameters":{"classification":0}}]}""", "Output 'y' parameter 'classification' must be a positive integer, not 0.")]
    [InlineData("""{"inputs":[],"outputs":[{"name":"y","parameters":{"binary_data":1}}]}""", "Output 'y' parameter 'binary_data' must be true or false, not 1.")]
    [InlineData("""{"inputs":[],"parameters":{"binary_data_output":"yes"}}""", "Request parameter 'binary_data_output' must be true or false, not a string.")]
    [InlineData("""{"inputs":[],"parameters":{"sequence_id":7}}""", "The request sets 'sequence_id', but Maas does not support sequence (stateful) models.")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","parameters":{"shared_memory_region":"r"}}]}""", "Input 'x' uses shared memory ('shared_memory_region'), which Maas does not support.")]
    [InlineData("""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","parameters":{"binary_data_size":-1}}]}""", "Input 'x' parameter 'binary_data_size' must be a non-negative integer, not -1.")]
    [InlineData("""{"id":5,"inputs":[]}""", "The request 'id' must be a JSON string, not 5.")]
    [InlineData("""{"outputs":[]}""", "The request has no 'inputs'.")]
    [InlineData("""{"inputs":{}}""", "The request 'inputs' must be a JSON array, not an object.")]
    [InlineData("""[1]""", "The request must be a JSON object, not an array.")]
    public async Task Parse_BadRequest_RejectsWithMessage(string json, string message)
    {
        var error = await ProtocolTestData.RejectsAsync(json);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("{\"inputs\":[")]
    [InlineData("{\"inputs\":[]} trailing")]
    [InlineData("{\"inputs\":[],}")]
    [InlineData("")]
    public async Task Parse_MalformedJson_IsInvalidArgument(string json)
    {
        var error = await ProtocolTestData.RejectsAsync(json);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task Parse_TenThousandNestedDataArrays_RejectsWithoutOverflowingTheStack()
    {
        var data = new string('[', 10_000) + "1" + new string(']', 10_000);

        var error = await ProtocolTestData.RejectsAsync($$"""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":{{data}}}]}""");

        Assert.Equal("Input 'x' data nests deeper than the limit of 32 JSON levels.", error.Message);
    }

    [Fact]
    public async Task Parse_DeepDataBeforeItsDeclaration_StillMeetsTheDepthLimit()
    {
        var data = new string('[', 40) + "1" + new string(']', 40);

        var error = await ProtocolTestData.RejectsAsync($$"""{"inputs":[{"data":{{data}},"name":"x","shape":[1],"datatype":"FP32"}]}""");

        Assert.StartsWith("The request is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_DataAtTheDepthLimit_IsAccepted()
    {
        // Object, inputs array and input object take 3 of the 32 levels, leaving 29 for the data.
        var data = new string('[', 29) + "1" + new string(']', 29);

        var input = (await ProtocolTestData.ParseJsonAsync($$"""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":{{data}}}]}""")).Inputs[0];

        Assert.Equal(BitConverter.GetBytes(1f), input.Data.ToArray());
        var deferred = (await ProtocolTestData.ParseJsonAsync($$"""{"inputs":[{"data":{{data}},"name":"x","shape":[1],"datatype":"FP32"}]}""")).Inputs[0];
        Assert.Equal(BitConverter.GetBytes(1f), deferred.Data.ToArray());
        var error = await ProtocolTestData.RejectsAsync($$"""{"inputs":[{"name":"x","shape":[1],"datatype":"FP32","data":[{{data}}]}]}""");
        Assert.Equal("Input 'x' data nests deeper than the limit of 32 JSON levels.", error.Message);
    }

    [Fact]
    public async Task Parse_DeepUnknownProperty_IsInvalidJsonNotACrash()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);

        var error = await ProtocolTestData.RejectsAsync($$"""{"extra":{{deep}},"inputs":[]}""");

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("The request is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_HugeShapeWithTinyData_FailsOnCountWithoutAllocating()
    {
        var limits = InferenceLimits.Default with { MaxElements = long.MaxValue };

        var error = await ProtocolTestData.RejectsAsync("""{"inputs":[{"name":"x","shape":[1000000000],"datatype":"FP64","data":[1]}]}""", limits);

        Assert.Equal("Input 'x' has 1 values, but shape [1000000000] needs 1000000000.", error.Message);
    }

    [Fact]
    public async Task Parse_InvalidUtf8InJsonString_IsRejected()
    {
        var json = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"\u0001\"]}]}"u8.ToArray();
        json[Array.IndexOf(json, (byte)1)] = 0xFF;

        var error = await Assert.ThrowsAsync<MaasException>(() => ProtocolTestData.ReadAsync(json));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
    }
}
