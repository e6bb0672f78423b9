using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>The optimiser; in JSON <c>sgd</c>, <c>momentum</c>, <c>adam</c> or <c>adamw</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<OptimizerKind>))]
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent.</summary>
    Sgd,

    /// <summary>SGD with momentum.</summary>
    Momentum,

    /// <summary>Adam.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
}
