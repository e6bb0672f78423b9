namespace Maas.Training.Data;

/// <summary>
/// One split after preprocessing: a dense row-major float matrix of the model's input features and the targets
/// (the class index as a float for classifiers, the value for regression).
/// </summary>
internal sealed record SplitData(float[] Features, int Rows, int Width, float[] Targets)
{
    /// <summary>Row <paramref name="row"/>'s feature values.</summary>
    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * Width, Width);
}
