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
}
