namespace Maas.Server.Hosting;

/// <summary>
/// What one request may cost the server (configuration section <c>Maas:Limits</c>): body sizes per kind of request,
/// an uploaded graph's nodes and depth, tensor sizes, JSON nesting, header size, slow clients and the inference timeout.
/// </summary>
internal sealed class LimitsOptions
{
    /// <summary>The largest model artefact (and dataset) accepted, in bytes. Default 2 GiB (the protobuf limit of one ONNX file).</summary>
    public long MaxModelBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// The most nodes an uploaded model's graphs may hold, subgraph (If, Loop, Scan) and function bodies included.
    /// Default 100 000: real models have tens to a few thousand, and ONNX Runtime spends kilobytes and load time on
    /// each, so a file of a few MB could otherwise cost gigabytes.
    /// </summary>
    public long MaxGraphNodes { get; set; } = 100_000;

    /// <summary>
    /// The longest chain of nodes (each consuming an output of the one before) an uploaded model may have in any
    /// graph; a node holding bodies counts as one plus its deepest body. Default 10 000.
    /// </summary>
    public long MaxGraphDepth { get; set; } = 10_000;

    /// <summary>The largest inference request body, REST and gRPC alike, in bytes. Default 64 MiB.</summary>
    public int MaxInferenceBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The largest body of every other request (management JSON, repository calls), in bytes. Default 1 MiB, far above
    /// any real request; uploads have <see cref="MaxModelBytes"/> and inference <see cref="MaxInferenceBodyBytes"/>.
    /// </summary>
    public long MaxManagementBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The most elements one tensor may hold, in a request and in a model's declared shapes. Default 64 Mi.</summary>
    public long MaxTensorElements { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most dimensions an inference input's shape may have. Default 16.</summary>
    public int MaxTensorRank { get; set; } = 16;

    /// <summary>The deepest nesting of JSON objects and arrays in any request body. Default 32.</summary>
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>The largest total size of a request's headers, in bytes. Default 32 KiB (Kestrel's default).</summary>
    public int MaxRequestHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// The slowest a client may send a request body or read a response, in bytes per second, once
    /// <see cref="MinDataRateGracePeriod"/> has passed; a slower connection is closed. 0 turns the check off.
    /// Default 240 (Kestrel's default).
    /// </summary>
    public double MinDataRateBytesPerSecond { get; set; } = 240;

    /// <summary>How long a transfer may stay below <see cref="MinDataRateBytesPerSecond"/> before it counts. Default 5 seconds.</summary>
    public TimeSpan MinDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most connections the server holds at once, both listeners together; past it a new connection is closed
    /// unanswered. Default 1000.
    /// </summary>
    public long MaxConnections { get; set; } = 1000;

    /// <summary>The most HTTP/2 streams (requests, gRPC calls) one connection may have open at once. Default 100 (Kestrel's default).</summary>
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>
    /// How many bytes of request bodies one HTTP/2 connection may have in flight, all its streams together, before the
    /// client must wait for the server to read them (the flow-control window). Default 1 MiB (Kestrel's default).
    /// </summary>
    public int Http2ConnectionWindowBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How many bytes of one HTTP/2 stream's request body may be in flight before the client must wait for the server to
    /// read them. Default 768 KiB (Kestrel's default); at most <see cref="Http2ConnectionWindowBytes"/>.
    /// </summary>
    public int Http2StreamWindowBytes { get; set; } = 768 * 1024;

    /// <summary>
    /// The longest one inference request may take, from its first byte to its answer: REST answers 504, gRPC
    /// <c>DEADLINE_EXCEEDED</c>. Default 60 seconds; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
