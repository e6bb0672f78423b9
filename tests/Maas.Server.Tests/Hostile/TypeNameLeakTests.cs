using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Malformed JSON, values of the wrong type, unknown enum values and unparsable query parameters, sent to every
/// management and inference endpoint that reads them (REST and gRPC): each is a 4xx whose message is a sentence for a
/// person, never a .NET type name (<c>System.Int32</c>, <c>Maas.Core.Security.Role</c>, <c>JsonException</c>,
/// <c>int limit</c>) that says how the server is built.
/// </summary>
public sealed partial class TypeNameLeakTests(HostileFixture server) : IClassFixture<HostileFixture>
{
    public static TheoryData<string, string, string?> Requests => new()
    {
        { "POST", "/api/v1/models", "{" },
        { "POST", "/api/v1/models", "[]" },
        { "POST", "/api/v1/models", "\"text\"" },
        { "POST", "/api/v1/models", "{}" },
        { "POST", "/api/v1/models", "{\"name\": 5}" },
        { "POST", "/api/v1/models", "{\"name\": \"x\", \"tags\": \"a\"}" },
        { "POST", "/api/v1/models", "{\"name\": \"x\", \"tags\": {\"a\": 1}}" },
        { "POST", "/api/v1/models", "{\"name\": \"x\", \"labels\": {}}" },
        { "POST", "/api/v1/models", "{\"name\": \"x\", \"description\": true}" },
        { "POST", "/api/v1/models", "{\"name\": \"x\", \"unknown\": 1}" },
        { "PATCH", "/api/v1/models/witness", "{\"tags\": [1]}" },
        { "PATCH", "/api/v1/models/witness", "{\"labels\": \"cat\"}" },
        { "PUT", "/api/v1/models/witness/config", "{\"maxBatchSize\": \"a\"}" },
        { "PUT", "/api/v1/models/witness/config", "{\"maxBatchSize\": 1.5}" },
        { "PUT", "/api/v1/models/witness/config", "{\"maxBatchSize\": 99999999999}" },
        { "PUT", "/api/v1/models/witness/config", "{\"maxQueueDelayMs\": \"soon\"}" },
        { "PUT", "/api/v1/models/witness/aliases/prod", "{\"version\": \"one\"}" },
        { "PUT", "/api/v1/models/witness/aliases/prod", "{\"version\": 1.5}" },
        { "PUT", "/api/v1/models/witness/aliases/prod", "{}" },
        { "POST", "/api/v1/keys", "{\"role\": \"wizard\"}" },
        { "POST", "/api/v1/keys", "{\"role\": 3}" },
        { "POST", "/api/v1/keys", "{\"role\": \"consumer\", \"scopes\": \"x\"}" },
        { "POST", "/api/v1/keys", "{\"role\": \"admin\", \"expires\": \"tomorrow\"}" },
        { "POST", "/api/v1/keys", "{\"role\": \"admin\", \"description\": 7}" },
        { "POST", "/api/v1/jobs", "{\"dataset\": \"d\", \"target\": \"y\", \"register\": \"m\", \"model\": {\"kind\": \"banana\"}}" },
        { "POST", "/api/v1/jobs", "{\"dataset\": \"d\", \"target\": \"y\", \"register\": \"m\", \"model\": {\"kind\": \"mlp\"}, \"epochs\": \"ten\"}" },
        { "POST", "/api/v1/jobs", "{\"dataset\": \"d\", \"target\": \"y\", \"register\": \"m\", \"model\": {\"kind\": \"mlp\"}, \"seed\": 1e40}" },
        { "POST", "/api/v1/jobs", "{\"dataset\": \"d\", \"target\": \"y\", \"register\": \"m\", \"model\": {\"kind\": \"mlp\"}, \"task\": \"dreaming\"}" },
        { "POST", "/api/v1/jobs", "{\"dataset\": \"d\", \"target\": \"y\", \"register\": \"m\", \"model\": {\"kind\": \"mlp\"}, \"split\": [0.5]}" },
        { "POST", "/api/v1/jobs", "{\"dataset\": \"d\"}" },
        { "POST", "/api/v1/admin/rotate-master-key", "{\"newMasterKey\": 5}" },
        { "GET", "/api/v1/audit?limit=abc", null },
        { "GET", "/api/v1/audit?limit=99999999999", null },
        { "GET", "/api/v1/models?pageSize=abc", null },
        { "GET", "/api/v1/jobs?state=dreaming", null },
        { "POST", "/v2/models/witness/infer", "{\"inputs\": \"x\"}" },
        { "POST", "/v2/models/witness/infer", "{\"inputs\": [{\"name\": 1, \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}" },
        { "POST", "/v2/models/witness/infer", "{\"inputs\": [{\"name\": \"features\", \"shape\": [1, 30], \"datatype\": \"System.String\", \"data\": [1]}]}" },
        { "POST", "/v2/models/witness/infer", "{\"inputs\": [{\"name\": \"features\", \"shape\": \"1\", \"datatype\": \"FP32\", \"data\": [1]}]}" },
        { "POST", "/v2/repository/index", "{\"ready\": " },
        { "POST", "/v2/repository/models/witness/load", "{\"parameters\": {\"config\": \"{}\"}}" },
        { "POST", "/v2/repository/models/witness/load", "[" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task MalformedRequest_AnswersASentenceWithoutDotNetTypeNames(string method, string target, string? json)
    {
        var (status, body) = await RawHttp.SendAsync(server.Http.BaseAddress!, method, target, server.AdminKey, json);

        Assert.True(status is >= 400 and < 500, $"{method} {target} {json} answered {status}: {body}");
        Assert.False(string.IsNullOrWhiteSpace(Rejections.MessageOf(body)), $"{method} {target} answered {status} without saying why: '{body}'");
        // A value the client sent may be echoed back ("unknown datatype 'System.String'"); nothing else may look like a type.
        AssertNoTypeNames(body.Replace("System.String", "<sent>", StringComparison.Ordinal));
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData("System.String")]
    [InlineData("Int32")]
    [InlineData("FP32, BOOL")]
    public async Task ModelInfer_GrpcWrongDatatype_StatusHasNoDotNetTypeNames(string datatype)
    {
        using var channel = server.CreateGrpcChannel();
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var request = new ModelInferRequest { ModelName = HostileFixture.Witness };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "features", Datatype = datatype, Shape = { 1, 30 } });
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[120]));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        // The datatype the client sent may be echoed; nothing else may look like a type.
        AssertNoTypeNames(error.Status.Detail.Replace(datatype, "<sent>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RepositoryModelLoad_GrpcUnknownParameter_StatusHasNoDotNetTypeNames()
    {
        using var channel = server.CreateGrpcChannel();
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var request = new RepositoryModelLoadRequest { ModelName = HostileFixture.Witness };
        request.Parameters.Add("config", new ModelRepositoryParameter { Int64Param = 5 });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.RepositoryModelLoadAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        AssertNoTypeNames(error.Status.Detail);
    }

    private static void AssertNoTypeNames(string text)
    {
        var match = TypeName().Match(text);
        Assert.False(match.Success, $"The message names a .NET type ('{match.Value}'): {text}");
    }

    // Namespaces, exception names, CLR primitive names, generic arity, the records the endpoints bind, and ASP.NET's
    // "Failed to bind parameter \"int limit\"" (a C# type and a parameter name).
    [GeneratedRegex(@"System\.|Maas\.|Exception|\b(?:U?Int(?:16|32|64)|Single|Double|Decimal|Boolean|DateTimeOffset|DateTime|TimeSpan|Guid|Nullable|IReadOnly\w+|IEnumerable|Dictionary|JsonElement)\b|`\d|\b\w+(?:Request|Spec|Config|Info)\b|parameter ""\w+\??\s+\w+""|\.NET member")]
    private static partial Regex TypeName();
}
