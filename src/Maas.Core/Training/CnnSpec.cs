namespace Maas.Core.Training;

/// <summary>A CNN over the feature columns read as a C×H×W image.</summary>
public sealed record CnnSpec
{
    /// <summary>[C, H, W]; C·H·W must equal the number of feature values.</summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    /// <summary>The convolution layers, in order.</summary>
    public required IReadOnlyList<ConvLayerSpec> Conv { get; init; }

    /// <summary>Hidden dense layer sizes between the flattened features and the output layer. Defaults to none.</summary>
    public IReadOnlyList<int> Dense { get; init; } = [];
}
