using System.Text.Json.Serialization;
using Maas.Core;

namespace Maas.Client.Training;

/// <summary>What a model predicts; written in JSON in lower case (<c>regression</c>, <c>binary</c>, <c>multiclass</c>).</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<TaskKind>))]
public enum TaskKind
{
    /// <summary>A number.</summary>
    Regression,

    /// <summary>One of two classes.</summary>
    Binary,

    /// <summary>One of three or more classes.</summary>
    Multiclass,
}

/// <summary>What happens to missing values; in JSON <c>drop</c>, <c>mean</c>, <c>median</c> or <c>mostfrequent</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<MissingPolicy>))]
public enum MissingPolicy
{
    /// <summary>Rows with a missing feature or target are dropped.</summary>
    Drop,

    /// <summary>A missing number becomes the training split's mean (categories: the most frequent).</summary>
    Mean,

    /// <summary>A missing number becomes the training split's median (categories: the most frequent).</summary>
    Median,

    /// <summary>A missing value becomes the training split's most frequent value.</summary>
    MostFrequent,
}

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

/// <summary>The validation metric early stopping watches; in JSON <c>loss</c>, <c>accuracy</c> or <c>r2</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<StoppingMetric>))]
public enum StoppingMetric
{
    /// <summary>Validation loss (lower is better).</summary>
    Loss,

    /// <summary>Validation accuracy (classifiers; higher is better).</summary>
    Accuracy,

    /// <summary>Validation R² (regression; higher is better).</summary>
    R2,
}
