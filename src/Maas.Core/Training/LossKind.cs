using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>A loss overriding the task's default; in JSON <c>mse</c>, <c>binarycrossentropy</c> or <c>softmaxcrossentropy</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<LossKind>))]
public enum LossKind
{
    /// <summary>Mean squared error (the regression default).</summary>
    Mse,

    /// <summary>Binary cross-entropy (the binary default).</summary>
    BinaryCrossEntropy,

    /// <summary>Softmax cross-entropy (the multiclass default).</summary>
    SoftmaxCrossEntropy,
}
