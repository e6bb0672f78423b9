namespace Maas.Core.Training;

/// <summary>The optimiser of neural models, with PyTorch's semantics for each kind.</summary>
public sealed record OptimizerSpec
{
    /// <summary>The optimiser. Defaults to <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    /// <summary>The learning rate. Defaults to 0.001.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>The momentum coefficient of <see cref="OptimizerKind.Momentum"/>. Defaults to 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Adam's first-moment decay. Defaults to 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay. Defaults to 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's epsilon. Defaults to 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>L2 penalty added to the gradient (sgd, momentum, adam) or decoupled weight decay (adamw). Defaults to 0.</summary>
    public double WeightDecay { get; init; }
}
