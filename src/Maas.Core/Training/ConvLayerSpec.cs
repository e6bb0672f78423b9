namespace Maas.Core.Training;

/// <summary>One convolution layer of a <see cref="CnnSpec"/>.</summary>
public sealed record ConvLayerSpec
{
    /// <summary>The number of output channels.</summary>
    public required int Filters { get; init; }

    /// <summary>The square kernel's side. Defaults to 3.</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>The stride. Defaults to 1.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>The zero padding on each side. Defaults to 0.</summary>
    public int Padding { get; init; }

    /// <summary>Whether a 2×2 max-pool (stride 2) follows the activation. Defaults to <c>false</c>.</summary>
    public bool Pool { get; init; }
}
