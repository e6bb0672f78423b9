namespace Maas.Server.Hosting;

/// <summary>
/// Sorts requests by path and protocol before routing runs its handlers. Paths, not endpoint metadata, because the
/// same decision must hold for requests that match no endpoint (they get the small management limit).
/// </summary>
internal static class RequestKinds
{
    private const string GrpcInferencePrefix = "/inference.GRPCInferenceService/";

    public static RequestKind Classify(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        if (IsGrpc(request))
        {
            return path.Value switch
            {
                GrpcInferencePrefix + "ModelInfer" => RequestKind.GrpcInference,
                GrpcInferencePrefix + "ServerLive" or GrpcInferencePrefix + "ServerReady" => RequestKind.Health,
                { } value when value.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal) => RequestKind.Health,
                _ => RequestKind.Grpc,
            };
        }

        if (path.StartsWithSegments("/v2/health", StringComparison.Ordinal))
        {
            return RequestKind.Health;
        }

        return HttpMethods.IsPost(request.Method)
            && path.StartsWithSegments("/v2/models", StringComparison.Ordinal)
            && path.Value!.EndsWith("/infer", StringComparison.Ordinal)
            ? RequestKind.RestInference
            : RequestKind.Other;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
        && !HttpProtocol.IsHttp11(request.Protocol) && !HttpProtocol.IsHttp10(request.Protocol);
}
