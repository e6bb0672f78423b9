namespace Maas.Core.Training;

/// <summary>Train / validation / test fractions, summing to 1, stratified for classifiers unless turned off.</summary>
public sealed record SplitSpec
{
    /// <summary>The training fraction. Defaults to 0.7.</summary>
    public double Train { get; init; } = 0.7;

    /// <summary>The validation fraction. Defaults to 0.15.</summary>
    public double Validation { get; init; } = 0.15;

    /// <summary>The test fraction. Defaults to 0.15.</summary>
    public double Test { get; init; } = 0.15;

    /// <summary>Whether classifiers' splits keep the class proportions. Defaults to <c>true</c>.</summary>
    public bool Stratify { get; init; } = true;
}
