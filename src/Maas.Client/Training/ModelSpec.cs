namespace Maas.Client.Training;

/// <summary>The model of a <see cref="TrainingSpec"/>; only the section of its <see cref="Kind"/> applies.</summary>
public sealed record ModelSpec
{
    /// <summary>The kind of model.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>The MLP's hidden layer sizes, such as <c>[64, 32]</c>.</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    /// <summary>The activation of hidden layers (default ReLU).</summary>
    public Activation? Activation { get; init; }

    /// <summary>The dropout probability after each hidden layer of an MLP or a CNN's dense layers (default 0).</summary>
    public double? Dropout { get; init; }

    /// <summary>The CNN's layers; required for <see cref="ModelKind.Cnn"/>.</summary>
    public CnnSpec? Cnn { get; init; }

    /// <summary>The tree ensemble's settings for <see cref="ModelKind.Gbdt"/>; the server's defaults when <c>null</c>.</summary>
    public GbdtSpec? Gbdt { get; init; }
}

/// <summary>A CNN over the feature columns read as a C×H×W image.</summary>
public sealed record CnnSpec
{
    /// <summary>[C, H, W]; C·H·W must equal the number of feature values.</summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    /// <summary>The convolution layers, in order.</summary>
    public required IReadOnlyList<ConvLayerSpec> Conv { get; init; }

    /// <summary>Hidden dense layer sizes between the flattened features and the output layer (default none).</summary>
    public IReadOnlyList<int>? Dense { get; init; }
}

/// <summary>One convolution layer; a member left <c>null</c> keeps the server's default.</summary>
public sealed record ConvLayerSpec
{
    /// <summary>The number of output channels.</summary>
    public required int Filters { get; init; }

    /// <summary>The square kernel's side (default 3).</summary>
    public int? Kernel { get; init; }

    /// <summary>The stride (default 1).</summary>
    public int? Stride { get; init; }

    /// <summary>The zero padding on each side (default 0).</summary>
    public int? Padding { get; init; }

    /// <summary>Whether a 2×2 max-pool (stride 2) follows the activation (default <c>false</c>).</summary>
    public bool? Pool { get; init; }
}

/// <summary>Gradient-boosted trees; a member left <c>null</c> keeps the server's default.</summary>
public sealed record GbdtSpec
{
    /// <summary>The number of trees (default 100).</summary>
    public int? Trees { get; init; }

    /// <summary>The most leaves per tree (default 20).</summary>
    public int? Leaves { get; init; }

    /// <summary>The shrinkage applied to each tree (default 0.1).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The fewest training rows a leaf may hold (default 10).</summary>
    public int? MinSamplesPerLeaf { get; init; }
}
