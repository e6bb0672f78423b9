namespace Maas.Core.Training;

/// <summary>The model of a <see cref="TrainingSpec"/>; only the section of its <see cref="Kind"/> applies.</summary>
public sealed record ModelSpec
{
    /// <summary>The kind of model.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>The MLP's hidden layer sizes, such as <c>[64, 32]</c>.</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    /// <summary>The activation of hidden layers (MLP and CNN). Defaults to <see cref="Activation.Relu"/>.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>The dropout probability after each hidden layer of an MLP or a CNN's dense layers. Defaults to 0.</summary>
    public double Dropout { get; init; }

    /// <summary>The CNN's layers; required for <see cref="ModelKind.Cnn"/>.</summary>
    public CnnSpec? Cnn { get; init; }

    /// <summary>The tree ensemble's settings for <see cref="ModelKind.Gbdt"/>; the defaults of <see cref="GbdtSpec"/> when <c>null</c>.</summary>
    public GbdtSpec? Gbdt { get; init; }
}
