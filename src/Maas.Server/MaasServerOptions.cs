namespace Maas.Server;

/// <summary>
/// How <c>maas serve</c> runs: where it keeps its data and where it listens. Validated at start-up.
/// </summary>
public sealed class MaasServerOptions
{
    /// <summary>The folder holding the SQLite database and the blob store. Default <c>./maas-data</c>.</summary>
    public string DataDirectory { get; set; } = "./maas-data";

    /// <summary>
    /// The master key that wraps every blob's data key, as base64 of 32 bytes; <c>maas serve</c> sets it from
    /// <c>MAAS_MASTER_KEY</c>. <c>null</c> (the default) uses <c>master.key</c> in the data folder, generated with mode
    /// 0600 on first start. A malformed key stops the server from starting. Never logged.
    /// </summary>
    public string? MasterKey { get; set; }

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

    /// <summary>Whether ONNX Runtime's intra-op threads spin between runs (faster hand-off, but they take cores from request handling). Default off.</summary>
    public bool OrtSpinning { get; set; }

    /// <summary>ONNX Runtime graph optimisation level: <c>none</c>, <c>basic</c>, <c>extended</c> or <c>all</c>. Default <c>all</c>.</summary>
    public string GraphOptimizationLevel { get; set; } = "all";

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
    /// <see cref="MinDataRateGracePeriod"/> has passed; a slower connection is closed. Default 240 (Kestrel's default).
    /// </summary>
    public double MinDataRateBytesPerSecond { get; set; } = 240;

    /// <summary>How long a transfer may stay below <see cref="MinDataRateBytesPerSecond"/> before it counts. Default 5 seconds.</summary>
    public TimeSpan MinDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest one inference request may take, from its first byte to its answer: REST answers 504, gRPC
    /// <c>DEADLINE_EXCEEDED</c>. Default 60 seconds; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a stop (SIGTERM, Ctrl+C) waits for requests in flight before it cuts them off. Default 30 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The admin API key, <c>maas_&lt;id&gt;_&lt;secret&gt;</c> (<c>MAAS_ADMIN_KEY</c> for <c>maas serve</c>). When set, the
    /// server makes sure this key exists as an active admin key at every start; when <c>null</c> and the server has no
    /// keys at all, it generates one, prints it once and writes it to <c>&lt;data-dir&gt;/admin.key</c> (mode 0600).
    /// A value that is not a well-formed key stops the server from starting.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// Requests per second each API key may make, on average; a key over its rate gets 429 (REST) or
    /// RESOURCE_EXHAUSTED (gRPC) with the time to wait. 0 turns the limit off. Default 100,000: a guard against a runaway client, not a quota; set a lower rate per deployment.
    /// </summary>
    public double RequestsPerSecondPerKey { get; set; } = 100_000;

    /// <summary>How many requests a key may make at once before its rate applies (the token bucket's size). Default 200,000.</summary>
    public int RequestBurstPerKey { get; set; } = 200_000;

    /// <summary>The most data rows a dataset may have; a longer CSV is refused at push. Default 1,000,000.</summary>
    public long MaxDatasetRows { get; set; } = 1_000_000;

    /// <summary>The most columns a dataset may have. Default 2,000.</summary>
    public int MaxDatasetColumns { get; set; } = 2_000;

    /// <summary>The most trainable parameters a model in a training job may have. Default 10,000,000.</summary>
    public long MaxTrainingParameters { get; set; } = 10_000_000;

    /// <summary>The most epochs (or boosting rounds) a training spec may ask for. Default 1,000.</summary>
    public int MaxTrainingEpochs { get; set; } = 1_000;

    /// <summary>
    /// The longest a training job may take, from its first start to its end (time spent stopped across a restart
    /// counts too); a job past it fails. Default 2 hours.
    /// </summary>
    public TimeSpan MaxJobDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Training jobs that run at once; more wait queued. Default 1 (training uses every core).</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>The clock of security decisions (key expiry, rate limits, audit times); tests put a manual clock here.</summary>
    internal TimeProvider SecurityClock { get; set; } = TimeProvider.System;
}
