using System.Net;
using System.Net.Http.Headers;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Maas.Core.Security;
using Maas.Server.Inference.Protocol.Grpc;
using Maas.Server.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Maas.Server.Tests.Security;

/// <summary>
/// The gRPC side of the access rules: every gRPC method of the endpoint table called with an empty message under
/// each kind of credential, then typed calls for the scope rules, which need a model name in the message.
/// </summary>
public sealed class GrpcAccessTests(SecurityFixture server) : IClassFixture<SecurityFixture>
{
    [Fact]
    public async Task EveryGrpcMethod_EveryCredential_AnswersAsDeclared()
    {
        var admin = server.AdminKey;
        var credentials = new (string Name, string? Key, Role? Role)[]
        {
            ("anonymous", null, null),
            ("admin", admin, Role.Admin),
            ("publisher", await server.CreatePublisherKeyAsync("fraud-*"), Role.Publisher),
            ("consumer", await server.CreateConsumerKeyAsync("fraud-*"), Role.Consumer),
            ("expired", await server.CreateExpiredKeyAsync(Role.Admin), null),
            ("revoked", await server.CreateRevokedKeyAsync(Role.Admin), null),
            ("malformed", "maas_x", null),
            ("wrong secret", admin[..^1] + (admin[^1] == 'a' ? 'b' : 'a'), null),
        };
        var methods = server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
            .ToList();
        Assert.Contains(methods, m => m.RoutePattern.RawText!.EndsWith("/ModelInfer", StringComparison.Ordinal));

        var failures = new List<string>();
        foreach (var method in methods)
        {
            var path = "/" + method.RoutePattern.RawText!.TrimStart('/');
            var access = method.Metadata.GetMetadata<IAccessRequirement>();
            var required = access is null ? Role.Admin : access.MinimumRole;
            var streaming = method.Metadata.GetMetadata<GrpcMethodMetadata>()!.Method.Type != MethodType.Unary;
            foreach (var (name, key, role) in credentials)
            {
                var status = await CallAsync(path, key, streaming);
                var expected = required is null ? "let through"
                    : role is null ? nameof(StatusCode.Unauthenticated)
                    : role < required ? nameof(StatusCode.PermissionDenied)
                    : "let through";
                var ok = expected == "let through"
                    ? status is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.ResourceExhausted or StatusCode.Internal)
                    : status.ToString() == expected;
                if (!ok)
                {
                    failures.Add($"{path} as {name}: expected {expected}, got {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task UnknownMethod_NeedsAKey_ThenIsUnimplemented()
    {
        Assert.Equal(StatusCode.Unauthenticated, await CallAsync("/inference.GRPCInferenceService/NoSuchMethod", null, streaming: false));
        Assert.Equal(StatusCode.Unimplemented, await CallAsync("/inference.GRPCInferenceService/NoSuchMethod", await server.CreateConsumerKeyAsync("fraud-*"), streaming: false));
    }

    [Fact]
    public async Task Health_ServerLiveAndReady_AnswerWithoutAKey()
    {
        using var channel = server.CreateGrpcChannel(anonymous: true);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        var live = await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ServerLiveAsync(new ServerLiveRequest());
        var ready = await new GRPCInferenceService.GRPCInferenceServiceClient(channel).ServerReadyAsync(new ServerReadyRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.True(live.Live);
        Assert.True(ready.Ready);
    }

    [Fact]
    public async Task ModelInfer_WithoutKey_IsUnauthenticated()
    {
        using var channel = server.CreateGrpcChannel(anonymous: true);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client(channel).ModelInferAsync(new ModelInferRequest { ModelName = SecurityFixture.InScopeModel }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("API key is required", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelInfer_WithoutKey_IsRefusedOnItsHeadersBeforeTheMessageIsRead()
    {
        // A call that announces a 50 MB message and then sends nothing more: the answer must come from the headers
        // alone, while the body is still open (the access check once ran only after the whole message had arrived).
        using var http = new HttpClient { BaseAddress = server.GrpcAddress };
        var body = new NeverEndingContent(announcedBytes: 50 * 1024 * 1024);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/inference.GRPCInferenceService/ModelInfer")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.Equal(((int)StatusCode.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("grpc-status").Single());
        Assert.False(body.Finished, "The server answered only after the client finished sending.");
        body.Finish();
    }

    [Fact]
    public async Task ModelMetadataAndInfer_OutOfScope_AreNotFoundLikeAMissingModel()
    {
        using var scoped = server.CreateGrpcChannel(await server.CreateConsumerKeyAsync("fraud-*"));
        using var admin = server.CreateGrpcChannel();

        var hidden = await Assert.ThrowsAsync<RpcException>(() => Client(scoped).ModelMetadataAsync(new ModelMetadataRequest { Name = SecurityFixture.OutOfScopeModel }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client(admin).ModelMetadataAsync(new ModelMetadataRequest { Name = "other-ghost" }).ResponseAsync);
        var infer = await Assert.ThrowsAsync<RpcException>(() => Client(scoped).ModelInferAsync(AddRequest(SecurityFixture.OutOfScopeModel)).ResponseAsync);
        var inScope = await Client(scoped).ModelInferAsync(AddRequest(SecurityFixture.InScopeModel));

        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(missing.Status.Detail.Replace("other-ghost", SecurityFixture.OutOfScopeModel, StringComparison.Ordinal), hidden.Status.Detail);
        Assert.Equal(StatusCode.NotFound, infer.StatusCode);
        Assert.Single(inScope.RawOutputContents);
    }

    [Fact]
    public async Task ApiKeyMetadata_IsAcceptedLikeAuthorization()
    {
        var key = await server.CreateConsumerKeyAsync("fraud-*");
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);

        var response = await Client(channel).ModelReadyAsync(new ModelReadyRequest { Name = SecurityFixture.InScopeModel }, new Metadata { { "x-api-key", key } });

        Assert.NotNull(response);
    }

    [Fact]
    public async Task OneChannel_AfterItsKeyCheckedOut_StillRefusesAWrongSecretAndARevokedKey()
    {
        // One channel is one HTTP/2 connection: its memo of the last verified key must not stand in for a check.
        var key = await server.CreateConsumerKeyAsync("fraud-*");
        var wrongSecret = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var client = Client(channel);
        var request = new ModelReadyRequest { Name = SecurityFixture.InScopeModel };
        Task<ModelReadyResponse> CallAsync(string presented) =>
            client.ModelReadyAsync(request, new Metadata { { "authorization", "Bearer " + presented } }).ResponseAsync;

        Assert.NotNull(await CallAsync(key));
        Assert.NotNull(await CallAsync(key));
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => CallAsync(wrongSecret))).StatusCode);
        Assert.NotNull(await CallAsync(key));
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.DeleteAsync($"/api/v1/keys/{SecurityFixture.IdOf(key)}")).StatusCode);

        var revoked = await Assert.ThrowsAsync<RpcException>(() => CallAsync(key));

        Assert.Equal(StatusCode.Unauthenticated, revoked.StatusCode);
        Assert.Contains("revoked", revoked.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepositoryIndexAndStatistics_ShowOnlyModelsInScope()
    {
        using var scoped = server.CreateGrpcChannel(await server.CreateConsumerKeyAsync("fraud-*"));
        using var admin = server.CreateGrpcChannel();
        await Client(admin).ModelInferAsync(AddRequest(SecurityFixture.OutOfScopeModel));
        await Client(admin).ModelInferAsync(AddRequest(SecurityFixture.InScopeModel));

        var index = await Client(scoped).RepositoryIndexAsync(new RepositoryIndexRequest());
        var statistics = await Client(scoped).ModelStatisticsAsync(new ModelStatisticsRequest());
        var everything = await Client(admin).RepositoryIndexAsync(new RepositoryIndexRequest());

        Assert.Contains(index.Models, m => m.Name == SecurityFixture.InScopeModel);
        Assert.All(index.Models, m => Assert.StartsWith("fraud-", m.Name, StringComparison.Ordinal));
        Assert.All(statistics.ModelStats, s => Assert.StartsWith("fraud-", s.Name, StringComparison.Ordinal));
        Assert.Contains(everything.Models, m => m.Name == SecurityFixture.OutOfScopeModel);
    }

    [Fact]
    public async Task RepositoryModelLoad_NeedsAPublisherInScope_AndIsAudited()
    {
        using var consumer = server.CreateGrpcChannel(await server.CreateConsumerKeyAsync("fraud-*"));
        var publisherKey = await server.CreatePublisherKeyAsync("fraud-*");
        using var publisher = server.CreateGrpcChannel(publisherKey);

        var denied = await Assert.ThrowsAsync<RpcException>(() => Client(consumer).RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = SecurityFixture.InScopeModel }).ResponseAsync);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => Client(publisher).RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = SecurityFixture.OutOfScopeModel }).ResponseAsync);
        await Client(publisher).RepositoryModelLoadAsync(new RepositoryModelLoadRequest { ModelName = SecurityFixture.InScopeModel });

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        var entries = await AuditTests.ReadAuditAsync(server, $"action=repository.load&keyId={SecurityFixture.IdOf(publisherKey)}");
        Assert.Contains(entries, e => e.Target == SecurityFixture.InScopeModel && e.Outcome == AuditOutcome.Success && e.Detail == "OK");
    }

    private static GRPCInferenceService.GRPCInferenceServiceClient Client(GrpcChannel channel) => new(channel);

    /// <summary>A gRPC body that sends a message header announcing <c>announcedBytes</c>, then waits until <see cref="Finish"/>.</summary>
    private sealed class NeverEndingContent(int announcedBytes) : HttpContent
    {
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Finished => _finish.Task.IsCompleted;

        public void Finish() => _finish.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var header = new byte[5];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), announcedBytes);
            await stream.WriteAsync(header);
            await stream.WriteAsync(new byte[1024]);
            await stream.FlushAsync();
            await _finish.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static ModelInferRequest AddRequest(string model)
    {
        var request = new ModelInferRequest { ModelName = model };
        foreach (var input in new[] { "a", "b" })
        {
            var contents = new InferTensorContents();
            contents.Fp32Contents.AddRange([1f, 2f, 3f]);
            request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = input, Datatype = "FP32", Shape = { 1, 3 }, Contents = contents });
        }

        return request;
    }

    // A raw gRPC call with an empty message, so every method can be called the same way; the status comes from the
    // headers of a trailers-only answer, or from the trailers.
    private async Task<StatusCode> CallAsync(string path, string? key, bool streaming)
    {
        using var http = new HttpClient { BaseAddress = server.GrpcAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + key);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Headers.TryGetValues("grpc-status", out var inHeaders))
        {
            return (StatusCode)int.Parse(inHeaders.Single(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (streaming)
        {
            // A stream that started passed every check; the status only comes when it ends.
            return StatusCode.OK;
        }

        await response.Content.ReadAsByteArrayAsync();
        return (StatusCode)int.Parse(response.TrailingHeaders.GetValues("grpc-status").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
