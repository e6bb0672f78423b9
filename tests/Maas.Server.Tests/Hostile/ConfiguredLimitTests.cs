using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Maas.Onnx.Tests;
using Maas.Server.Hosting;
using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Every limit of <see cref="LimitsOptions"/> set small and crossed: each answer names the limit, and the witness
/// keeps answering. Proves the options reach Kestrel, the codecs, gRPC and the timeout middleware.
/// </summary>
public sealed class ConfiguredLimitTests(TightLimitsFixture server) : IClassFixture<TightLimitsFixture>, IDisposable
{
    private const string Infer = $"/v2/models/{HostileFixture.Witness}/infer";
    private readonly GrpcChannel _channel = server.CreateGrpcChannel();

    private GRPCInferenceService.GRPCInferenceServiceClient Client => new(_channel);

    [Fact]
    public async Task Infer_SlowerThanTheRequestTimeout_Returns504AndLeavesTheQueue()
    {
        var slow = await server.CreateSlowModelAsync();
        var started = Stopwatch.StartNew();
        using var response = await server.Http.PostAsJsonAsync($"/v2/models/{slow}/infer", AddRequest());

        await Rejections.AssertAsync(response, 504, "request timeout");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"The timeout fired after {started.Elapsed}.");
        using var stats = await server.Http.GetAsync($"/v2/models/{slow}/stats");
        Assert.Contains("\"success\":{\"count\":0", await stats.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task GrpcInfer_SlowerThanTheRequestTimeout_IsDeadlineExceeded()
    {
        var request = new ModelInferRequest { ModelName = await server.CreateSlowModelAsync() };
        foreach (var name in new[] { "a", "b" })
        {
            request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = "FP32", Shape = { 1, 3 } });
            request.RawInputContents.Add(ByteString.CopyFrom(new byte[12]));
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await server.AssertServingAsync();
    }

    [Theory]
    [InlineData("[2000, 30]", "50000")]
    [InlineData("[1, 1, 1, 30]", "3")]
    public async Task Infer_OverTheElementOrRankLimit_Returns400NamingIt(string shape, string limit)
    {
        var body = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":{shape},\"datatype\":\"FP32\",\"data\":[1]}}]}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        await Rejections.AssertAsync(await server.Http.PostAsync(Infer, content), 400, "limit of " + limit);
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Upload_MoreNodesThanTheGraphLimit_Returns422NamingCountLimitAndFlag()
    {
        var name = await server.CreateModelAsync("wide");

        using var response = await server.UploadAsync(name, ReluGraphs.Wide(51).ToStream());

        await Rejections.AssertAsync(response, 422, "The model has 51 nodes, counting subgraphs and function bodies; Maas accepts at most 50 (--max-graph-nodes)");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Upload_ChainDeeperThanTheGraphLimit_Returns422NamingDepthLimitAndFlag()
    {
        var name = await server.CreateModelAsync("deep");

        using var response = await server.UploadAsync(name, ReluGraphs.Chain(21).ToStream());

        await Rejections.AssertAsync(response, 422, "longest chain of nodes is 21 nodes long; Maas accepts at most 20 (--max-graph-depth)");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_NestedDeeperThanTheJsonDepth_Returns400NamingIt()
    {
        var body = $"{{\"inputs\":[{{\"name\":\"features\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":{new string('[', 6)}1{new string(']', 6)}}}]}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        await Rejections.AssertAsync(await server.Http.PostAsync(Infer, content), 400, "limit of 8");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_BodyOverTheInferenceLimit_Returns413NamingIt()
    {
        using var content = new StringContent("{\"inputs\":[]}" + new string(' ', 300 * 1024), Encoding.UTF8, "application/json");

        await Rejections.AssertAsync(await server.Http.PostAsync(Infer, content), 413, "262144");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Management_BodyOverTheManagementLimit_Returns413NamingIt()
    {
        using var content = new StringContent($"{{\"name\":\"big\",\"description\":\"{new string('x', 8000)}\"}}", Encoding.UTF8, "application/json");

        await Rejections.AssertAsync(await server.Http.PostAsync("/api/v1/models", content), 413, "4096");
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Upload_LargerThanTheManagementLimit_IsStillAccepted()
    {
        var name = await server.CreateModelAsync("upload");

        using var response = await server.UploadAsync(name, TestFixtures.Model("breast_cancer_mlp"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task GrpcInfer_MessageUnderTheInferenceLimitButOverTheManagementOne_IsServed()
    {
        // 800 rows of 30 floats: 96 000 bytes, far over the 4 KiB management limit Kestrel applies by default.
        var request = new ModelInferRequest { ModelName = HostileFixture.Witness };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "features", Datatype = "FP32", Shape = { 800, 30 } });
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[800 * 30 * 4]));

        var response = await Client.ModelInferAsync(request);

        Assert.Equal(new long[] { 800, 1 }, response.Outputs[0].Shape);
    }

    [Fact]
    public async Task GrpcInfer_MessageOverTheInferenceLimit_IsResourceExhausted()
    {
        var request = new ModelInferRequest { ModelName = HostileFixture.Witness };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "features", Datatype = "FP32", Shape = { 2500, 30 } });
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[2500 * 30 * 4]));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Request_HeadersOverTheLimit_Returns431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/health/live");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('x', 20 * 1024));

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        await server.AssertServingAsync();
    }

    [Fact]
    public async Task Infer_BodyTrickledBelowTheMinimumDataRate_ClosesTheConnection()
    {
        var address = server.Http.BaseAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        await using var stream = client.GetStream();
        var head = string.Create(CultureInfo.InvariantCulture, $"POST {Infer} HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {server.AdminKey}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // 10 bytes every 100 ms (the poll's interval) is 100 B/s, a tenth of the 1000 B/s minimum; Kestrel gives up
        // after the 1.5 s grace, which the peer sees as the end of the stream or a failed write.
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await stream.WriteAsync("          "u8.ToArray());
                    return client.Client.Poll(0, SelectMode.SelectRead);
                }
                catch (IOException)
                {
                    return true;
                }
            },
            "the server closed a connection that sent its body at a tenth of the minimum rate",
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(100));

        await server.AssertServingAsync();
    }

    private static object AddRequest() => new
    {
        inputs = new[]
        {
            new { name = "a", shape = new[] { 1, 3 }, datatype = "FP32", data = new float[] { 1, 2, 3 } },
            new { name = "b", shape = new[] { 1, 3 }, datatype = "FP32", data = new float[] { 1, 2, 3 } },
        },
    };

    public void Dispose() => _channel.Dispose();
}
