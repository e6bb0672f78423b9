namespace Maas.Server;

/// <summary>
/// How <c>maas serve</c> runs: where it keeps its data and where it listens. Validated at start-up.
/// </summary>
public sealed class MaasServerOptions
{
    /// <summary>The folder holding the SQLite database and the blob store. Default <c>./maas-data</c>.</summary>
    public string DataDirectory { get; set; } = "./maas-data";

    /// <summary>The HTTP listen address, <c>host:port</c>. Default <c>127.0.0.1:8000</c>; port 0 picks a free port.</summary>
    public string HttpAddress { get; set; } = "127.0.0.1:8000";

    /// <summary>The gRPC (HTTP/2) listen address, <c>host:port</c>. Default <c>127.0.0.1:8001</c>; <c>none</c> disables it.</summary>
    public string GrpcAddress { get; set; } = "127.0.0.1:8001";

    /// <summary>The largest model artefact accepted, in bytes. Default 2 GiB (the protobuf limit of one ONNX file).</summary>
    public long MaxModelBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// The estimated memory all loaded model versions may use together, in bytes. Idle versions are evicted, least
    /// recently used first, to make room. Default 4 GiB.
    /// </summary>
    public long MemoryBudgetBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>ONNX Runtime intra-op threads per execution unless a model's config says otherwise; 0 = all cores. Default 0.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>ONNX Runtime graph optimisation level: <c>none</c>, <c>basic</c>, <c>extended</c> or <c>all</c>. Default <c>all</c>.</summary>
    public string GraphOptimizationLevel { get; set; } = "all";

    /// <summary>The largest inference request body, REST and gRPC alike, in bytes. Default 64 MiB.</summary>
    public int MaxInferenceBodyBytes { get; set; } = 64 * 1024 * 1024;
}
