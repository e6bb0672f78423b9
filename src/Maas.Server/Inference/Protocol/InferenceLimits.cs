namespace Maas.Server.Inference.Protocol;

/// <summary>
/// Bounds the inference codecs enforce on every request, whatever the protocol, so a hostile request fails with a
/// clear <see cref="Maas.Core.ErrorCode.InvalidArgument"/> before it costs memory or stack.
/// </summary>
internal sealed record InferenceLimits
{
    public static InferenceLimits Default { get; } = new();

    /// <summary>The largest REST request body, in bytes (a larger one is PayloadTooLarge). Defaults to 64 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most elements one tensor may hold. Defaults to 64 Mi, i.e. 512 MiB of FP64.</summary>
    public long MaxElements { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most dimensions a shape may have. Defaults to 16.</summary>
    public int MaxRank { get; init; } = 16;

    /// <summary>
    /// The deepest nesting of JSON objects and arrays in a REST request, counting the outer object. Defaults to 32,
    /// which leaves nested <c>data</c> arrays room for 29 levels.
    /// </summary>
    public int MaxJsonDepth { get; init; } = 32;

    /// <summary>The longest single BYTES element, in bytes. Defaults to 16 MiB.</summary>
    public int MaxBytesElementLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>The most inputs, and separately the most requested outputs, one request may name. Defaults to 1024.</summary>
    public int MaxTensors { get; init; } = 1024;
}
