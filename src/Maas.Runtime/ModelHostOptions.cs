namespace Maas.Runtime;

/// <summary>
/// Process-wide settings of the <see cref="ModelHost"/>, checked by <see cref="ModelHostOptionsValidator"/> (at the
/// server's start, and again when a host is constructed). A record so that the host can keep its own copy.
/// </summary>
public sealed record ModelHostOptions
{
    /// <summary>The graph optimisation levels ONNX Runtime knows, as <see cref="GraphOptimizationLevel"/> takes them.</summary>
    public static readonly IReadOnlyList<string> OptimizationLevels = ["none", "basic", "extended", "all"];

    /// <summary>
    /// The most memory, in bytes, that all loaded versions together may use by the host's estimate (see
    /// <c>MemoryEstimator</c>), each raised to what its load was measured to grow the process by when that was more.
    /// Defaults to 4 GiB. Idle versions are evicted, least recently used first, to make room.
    /// </summary>
    public long MemoryBudgetBytes { get; set; } = 4L << 30;

    /// <summary>
    /// ONNX Runtime intra-op threads per session when a model's own setting is 0 (0 to 64). Defaults to 0, which lets
    /// ONNX Runtime use one thread per physical core.
    /// </summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Graph optimisation level: <c>none</c>, <c>basic</c>, <c>extended</c> or <c>all</c> (the default).</summary>
    public string GraphOptimizationLevel { get; set; } = "all";

    /// <summary>Whether a version runs one zero-filled inference before it reports ready. Defaults to <c>true</c>.</summary>
    public bool Warmup { get; set; } = true;

    /// <summary>
    /// How long a failed load is remembered before a request may try again; an explicit load always retries.
    /// Defaults to 30 seconds.
    /// </summary>
    public TimeSpan FailedLoadRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin while waiting for work. Off by default: spinning helps a
    /// dedicated compute process, but in a server it takes the cores the HTTP stack needs.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// How long a load waits for loaded versions to become idle when the budget is full of versions in use; after
    /// that it fails as unavailable. Zero fails at once.
    /// </summary>
    public TimeSpan MemoryWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most elements one input or output may hold by the version's declared shapes (symbolic dimensions as 1).
    /// A version declaring more is refused before its session is built, so warm-up never allocates it. Defaults to
    /// 64 Mi, the inference codecs' own limit.
    /// </summary>
    public long MaxTensorElements { get; set; } = 64L << 20;
}
