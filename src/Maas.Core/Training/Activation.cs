using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>The activation of hidden layers; in JSON <c>relu</c>, <c>tanh</c> or <c>sigmoid</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<Activation>))]
public enum Activation
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>The hyperbolic tangent.</summary>
    Tanh,

    /// <summary>The logistic function.</summary>
    Sigmoid,
}
