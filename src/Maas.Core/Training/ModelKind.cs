using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>The kind of model to train; in JSON <c>linear</c>, <c>logistic</c>, <c>mlp</c>, <c>cnn</c> or <c>gbdt</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<ModelKind>))]
public enum ModelKind
{
    /// <summary>Linear regression.</summary>
    Linear,

    /// <summary>Logistic (softmax for several classes) regression.</summary>
    Logistic,

    /// <summary>A multi-layer perceptron.</summary>
    Mlp,

    /// <summary>A convolutional network over the features read as a C×H×W image.</summary>
    Cnn,

    /// <summary>Gradient-boosted decision trees.</summary>
    Gbdt,
}
