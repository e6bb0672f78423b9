using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Security;

/// <summary>The model a gRPC request names, for the scope check; <c>null</c> when it names none (or all).</summary>
internal static class GrpcModelName
{
    public static string? Of(object? request) => request switch
    {
        ModelInferRequest r => r.ModelName,
        ModelMetadataRequest r => r.Name,
        ModelReadyRequest r => r.Name,
        ModelStatisticsRequest r => string.IsNullOrEmpty(r.Name) ? null : r.Name,
        RepositoryModelLoadRequest r => r.ModelName,
        RepositoryModelUnloadRequest r => r.ModelName,
        _ => null,
    };
}
