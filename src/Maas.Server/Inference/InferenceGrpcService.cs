using System.Globalization;
using Grpc.Core;
using Maas.Core.Security;
using Maas.Runtime;
using Maas.Server.Inference.Protocol;
using Maas.Server.Inference.Protocol.Grpc;
using Maas.Server.Security;

namespace Maas.Server.Inference;

/// <summary>
/// <c>inference.GRPCInferenceService</c>, wire-compatible with Triton's: the same calls as the REST surface, through
/// the same resolver, host and repository. Errors become gRPC statuses in <see cref="Hosting.Errors.GrpcErrorInterceptor"/>;
/// the attributes on each method are its access rules, enforced by <see cref="AccessPolicy"/> (through <see cref="AccessMiddleware"/> and <see cref="GrpcAccessInterceptor"/>).
/// </summary>
[RequireRole(Role.Consumer)]
internal sealed class InferenceGrpcService(
    ModelResolver resolver,
    InferenceService inference,
    RepositoryExtension repository,
    IHostApplicationLifetime lifetime) : GRPCInferenceService.GRPCInferenceServiceBase
{
    [AnonymousAccess]
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    [AnonymousAccess]
    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = !lifetime.ApplicationStopping.IsCancellationRequested });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse { Name = "maas", Version = ServerInfo.Version, Extensions = { InferenceEndpoints.Extensions } });

    [ModelScope]
    public override async Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        var model = await resolver.ResolveAsync(request.Name, request.Version, context.CancellationToken);
        return new ModelReadyResponse { Ready = inference.Host.GetStatus(model.Key).State == ModelLoadState.Ready };
    }

    [ModelScope]
    public override async Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var model = await resolver.ResolveAsync(request.Name, request.Version, context.CancellationToken);
        var response = new ModelMetadataResponse { Name = model.Version.Model, Platform = "onnxruntime_onnx", Versions = { model.VersionText } };
        response.Inputs.AddRange(model.Version.Signature.Inputs.Select(Tensor));
        response.Outputs.AddRange(model.Version.Signature.Outputs.Select(Tensor));
        return response;
    }

    [ModelScope]
    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var model = await resolver.ResolveAsync(request.ModelName, request.ModelVersion, context.CancellationToken);
        var message = GrpcInferRequestReader.Read(request, inference.Limits);
        var outputs = await inference.InferAsync(model, message, context.CancellationToken);
        return GrpcInferResponseWriter.Write(new InferenceResponseMessage(model.Version.Model, model.VersionText, message.Id, outputs, null));
    }

    [ModelScope]
    [ListFiltered]
    public override async Task<ModelStatisticsResponse> ModelStatistics(ModelStatisticsRequest request, ServerCallContext context)
    {
        var snapshots = await repository.StatisticsAsync(
            string.IsNullOrEmpty(request.Name) ? null : request.Name,
            string.IsNullOrEmpty(request.Version) ? null : request.Version,
            context.CancellationToken);
        var caller = MaasCaller.Of(context.GetHttpContext());
        var response = new ModelStatisticsResponse();
        response.ModelStats.AddRange(snapshots.Where(s => caller.CanAccess(s.Key.Name)).Select(Statistics));
        return response;
    }

    [ListFiltered]
    public override async Task<RepositoryIndexResponse> RepositoryIndex(RepositoryIndexRequest request, ServerCallContext context)
    {
        var caller = MaasCaller.Of(context.GetHttpContext());
        var response = new RepositoryIndexResponse();
        foreach (var entry in (await repository.IndexAsync(request.Ready, context.CancellationToken)).Where(e => caller.CanAccess(e.Name)))
        {
            response.Models.Add(new RepositoryIndexResponse.Types.ModelIndex
            {
                Name = entry.Name,
                Version = entry.Version.ToString(CultureInfo.InvariantCulture),
                State = entry.State,
                Reason = entry.Reason ?? string.Empty,
            });
        }

        return response;
    }

    [RequireRole(Role.Publisher)]
    [ModelScope]
    [Audited(AuditActions.RepositoryLoad)]
    public override async Task<RepositoryModelLoadResponse> RepositoryModelLoad(RepositoryModelLoadRequest request, ServerCallContext context)
    {
        if (request.Parameters.Keys.Any(k => k == "config" || k.StartsWith("file:", StringComparison.Ordinal)))
        {
            throw Core.MaasException.Invalid("Load parameters 'config' and 'file:…' are not accepted: register versions through /api/v1/models/{name}/versions.");
        }

        await repository.LoadAsync(request.ModelName, context.CancellationToken);
        return new RepositoryModelLoadResponse();
    }

    [RequireRole(Role.Publisher)]
    [ModelScope]
    [Audited(AuditActions.RepositoryUnload)]
    public override async Task<RepositoryModelUnloadResponse> RepositoryModelUnload(RepositoryModelUnloadRequest request, ServerCallContext context)
    {
        await repository.UnloadAsync(request.ModelName, context.CancellationToken);
        return new RepositoryModelUnloadResponse();
    }

    private static ModelMetadataResponse.Types.TensorMetadata Tensor(Core.TensorSpec spec) =>
        new() { Name = spec.Name, Datatype = spec.Datatype.ToString(), Shape = { spec.Shape } };

    private static Protocol.Grpc.ModelStatistics Statistics(ModelStatisticsSnapshot s)
    {
        var statistics = new Protocol.Grpc.ModelStatistics
        {
            Name = s.Key.Name,
            Version = s.Key.Version.ToString(CultureInfo.InvariantCulture),
            LastInference = (ulong)s.LastInferenceUnixMs,
            InferenceCount = (ulong)s.InferenceCount,
            ExecutionCount = (ulong)s.ExecutionCount,
            InferenceStats = new InferStatistics
            {
                Success = Duration(s.Success),
                Fail = Duration(s.Fail),
                Queue = Duration(s.Queue),
                ComputeInput = Duration(s.ComputeInput),
                ComputeInfer = Duration(s.ComputeInfer),
                ComputeOutput = Duration(s.ComputeOutput),
                CacheHit = new StatisticDuration(),
                CacheMiss = new StatisticDuration(),
            },
        };
        statistics.BatchStats.AddRange(s.Batches.Select(b => new InferBatchStatistics
        {
            BatchSize = (ulong)b.BatchSize,
            ComputeInput = Duration(b.ComputeInput),
            ComputeInfer = Duration(b.ComputeInfer),
            ComputeOutput = Duration(b.ComputeOutput),
        }));
        return statistics;
    }

    private static StatisticDuration Duration(DurationStat d) => new() { Count = (ulong)d.Count, Ns = (ulong)d.Nanoseconds };
}
