namespace Maas.Core.Training;

/// <summary>Early stopping on a validation metric; the best epoch's weights are kept.</summary>
public sealed record EarlyStoppingSpec
{
    /// <summary>The metric watched. Defaults to <see cref="StoppingMetric.Loss"/>.</summary>
    public StoppingMetric Metric { get; init; } = StoppingMetric.Loss;

    /// <summary>Epochs without improvement before training stops. Defaults to 5.</summary>
    public int Patience { get; init; } = 5;
}
