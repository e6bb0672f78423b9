namespace Maas.Core.Training;

/// <summary>Gradient-boosted trees.</summary>
public sealed record GbdtSpec
{
    /// <summary>The number of trees (boosting rounds). Defaults to 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>The most leaves per tree. Defaults to 20.</summary>
    public int Leaves { get; init; } = 20;

    /// <summary>The shrinkage applied to each tree. Defaults to 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The fewest training rows a leaf may hold. Defaults to 10.</summary>
    public int MinSamplesPerLeaf { get; init; } = 10;
}
