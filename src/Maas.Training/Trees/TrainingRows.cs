namespace Maas.Training.Trees;

/// <summary>A training row for FastTree regression (public members only because ML.NET binds to them).</summary>
internal sealed class RegressionRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }
}

/// <summary>A training row for FastTree binary classification.</summary>
internal sealed class BinaryRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}
