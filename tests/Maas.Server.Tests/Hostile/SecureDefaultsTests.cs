using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Maas.Server.Hosting;
using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// The secure defaults of the issue: loopback addresses, no CORS, no stack trace or server path in any error (REST
/// or gRPC), and no request field that names a server path, a URL or a type.
/// </summary>
public sealed class SecureDefaultsTests(HostileFixture server) : IClassFixture<HostileFixture>, IDisposable
{
    // Request properties and parameters that would let a caller point the server at a file, a host or a type.
    private static readonly string[] DangerousNames =
        ["path", "file", "filename", "dir", "directory", "folder", "url", "uri", "location", "href", "host", "type", "class", "assembly", "library", "command", "script", "log"];

    private readonly GrpcChannel _channel = server.CreateGrpcChannel();

    [Fact]
    public void Defaults_ListenOnLoopbackOnly()
    {
        var defaults = new HostingOptions();

        Assert.StartsWith("127.0.0.1:", defaults.HttpAddress, StringComparison.Ordinal);
        Assert.StartsWith("127.0.0.1:", defaults.GrpcAddress, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OPTIONS", "/api/v1/models")]
    [InlineData("OPTIONS", "/v2/models/witness/infer")]
    [InlineData("OPTIONS", "/inference.GRPCInferenceService/ModelInfer")]
    [InlineData("GET", "/api/v1/models")]
    [InlineData("GET", "/v2/models/witness")]
    [InlineData("POST", "/v2/models/witness/infer")]
    [InlineData("GET", "/v2/health/ready")]
    public async Task AnyRoute_FromAForeignOrigin_GetsNoCorsHeaders(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");

        using var response = await server.Http.SendAsync(request);

        var headers = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).ToList();
        Assert.DoesNotContain(headers, h => h.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(headers, h => h.Equals("Server", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string, string, string?, string?> Errors => new()
    {
        { "GET", "/api/v1/models/nope", null, null },
        { "POST", "/api/v1/models", "application/json", "{\"name\": " },
        { "POST", "/api/v1/models", "application/json", "{\"name\": \"x\", \"storagePath\": \"/etc\"}" },
        { "POST", "/api/v1/models", "application/json", "{\"name\": 42}" },
        { "POST", "/api/v1/models", "application/json", "[1, 2, 3]" },
        { "POST", "/api/v1/models", "text/plain", "name=x" },
        { "PATCH", "/api/v1/models/witness", "application/json", "{\"tags\": {\"a\": [1]}}" },
        { "PUT", "/api/v1/models/witness/config", "application/json", "{\"maxBatchSize\": 0}" },
        { "PUT", "/api/v1/models/witness/config", "application/json", "{\"maxBatchSize\": 99999999999999999999}" },
        { "PUT", "/api/v1/models/witness/aliases/prod", "application/json", "{\"version\": 99}" },
        { "POST", "/api/v1/models/witness/versions", "application/json", "{}" },
        { "POST", "/api/v1/models/witness/versions", "application/octet-stream", "not onnx" },
        { "GET", "/api/v1/models/witness/versions/abc", null, null },
        { "GET", "/api/v1/models/witness/versions/99/artifact", null, null },
        { "DELETE", "/api/v1/models/witness", null, null },
        { "GET", "/api/v1/models?pageSize=0", null, null },
        { "GET", "/api/v1/models?pageSize=abc", null, null },
        { "GET", "/api/v1/nothing", null, null },
        { "PUT", "/api/v1/models", "application/json", "{}" },
        { "POST", "/v2/models/witness/infer", "application/json", "{\"inputs\": [" },
        { "POST", "/v2/models/witness/infer", "application/json", "{\"inputs\": [{\"name\": \"features\", \"shape\": [1, 30], \"datatype\": \"FP32\", \"data\": [\"x\"]}]}" },
        { "POST", "/v2/models/witness/infer", "application/json", "{\"inputs\": [], \"parameters\": {\"shared_memory_region\": \"/dev/shm/x\"}}" },
        { "POST", "/v2/models/nope/infer", "application/json", "{}" },
        { "GET", "/v2/models/witness/versions/7", null, null },
        { "GET", "/v2/models/witness/versions/7/ready", null, null },
        { "POST", "/v2/repository/models/nope/load", "application/json", "{}" },
        { "POST", "/v2/repository/models/witness/load", "application/json", "{\"parameters\": {\"file:1/model.onnx\": \"/etc/passwd\"}}" },
        { "POST", "/v2/repository/index", "application/json", "{\"ready\": " },
        { "GET", "/v2/nothing", null, null },
        { "DELETE", "/v2/health/live", null, null },
        { "GET", "/openapi/v2.json", null, null },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task ErrorAnswers_CarryNoStackTraceOrServerPath(string method, string path, string? contentType, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new(contentType!);
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode >= 400, $"{method} {path} should fail, got {(int)response.StatusCode}: {text}");
        Rejections.AssertNoLeaks(text, server.DataDirectory, Environment.CurrentDirectory, AppContext.BaseDirectory);
    }

    [Fact]
    public async Task GrpcErrors_CarryNoStackTraceOrServerPath()
    {
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        var calls = new Func<Task>[]
        {
            () => client.ModelInferAsync(new ModelInferRequest { ModelName = "nope" }).ResponseAsync,
            () => client.ModelInferAsync(new ModelInferRequest { ModelName = HostileFixture.Witness }).ResponseAsync,
            () => client.ModelMetadataAsync(new ModelMetadataRequest { Name = HostileFixture.Witness, Version = "9" }).ResponseAsync,
            () => client.RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = "../../etc/passwd" }).ResponseAsync,
        };

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.NotEqual(StatusCode.Internal, error.StatusCode);
            Rejections.AssertNoLeaks(error.Status.Detail, server.DataDirectory);
        }
    }

    [Fact]
    public async Task OpenApi_NoRequestFieldOrParameterNamesAServerPathUrlOrType()
    {
        using var document = JsonDocument.Parse(await server.Http.GetStringAsync("/openapi/v1.json"));
        var names = new List<string>();
        Collect(document.RootElement, names);

        Assert.NotEmpty(names);
        var dangerous = names.Where(n => DangerousNames.Any(d => n.Equals(d, StringComparison.OrdinalIgnoreCase) || n.EndsWith(d, StringComparison.OrdinalIgnoreCase) && n.Length > d.Length && char.IsUpper(n[^d.Length])))
            .Distinct().ToList();
        Assert.True(dangerous.Count == 0, "Request fields that could name a server path, URL or type: " + string.Join(", ", dangerous));
    }

    // Every parameter name and every property of every schema (request bodies reference schemas by name).
    private static void Collect(JsonElement element, List<string> names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "properties" && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        names.AddRange(property.Value.EnumerateObject().Select(p => p.Name));
                    }
                    else if (property.Name == "parameters" && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        names.AddRange(property.Value.EnumerateArray().Where(p => p.TryGetProperty("name", out _)).Select(p => p.GetProperty("name").GetString()!));
                    }

                    Collect(property.Value, names);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, names);
                }

                break;
        }
    }

    public void Dispose() => _channel.Dispose();
}
