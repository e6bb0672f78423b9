namespace Maas.Server.Hosting;

/// <summary>What a request is, as far as limits are concerned.</summary>
internal enum RequestKind
{
    /// <summary>Management API, repository calls, metrics, OpenAPI: the small management body limit applies.</summary>
    Other,

    /// <summary>Liveness and readiness probes (REST and gRPC): answered even while the server stops, to say so.</summary>
    Health,

    /// <summary><c>POST /v2/models/…/infer</c>: the inference body limit and the request timeout apply.</summary>
    RestInference,

    /// <summary>gRPC <c>ModelInfer</c>: the inference body limit and the request timeout (as a gRPC deadline) apply.</summary>
    GrpcInference,

    /// <summary>Any other gRPC call: the inference body limit applies, since gRPC enforces its own message limit.</summary>
    Grpc,
}
