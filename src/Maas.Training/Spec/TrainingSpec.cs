using System.Text.Json.Serialization;
using Maas.Core;

namespace Maas.Training.Spec;

/// <summary>
/// What to train: the body of <c>POST /api/v1/jobs</c> and of <c>maas train --spec</c>. Strictly typed: unknown
/// fields are refused by the JSON settings, and <see cref="TrainingSpecValidator"/> checks every range. A spec never
/// carries code, paths or URLs: only names, numbers and enumerations.
/// </summary>
public sealed record TrainingSpec
{
    /// <summary>The dataset's name.</summary>
    public required string Dataset { get; init; }

    /// <summary>The dataset version; the newest when omitted.</summary>
    public int? DatasetVersion { get; init; }

    /// <summary>The column to predict.</summary>
    public required string Target { get; init; }

    /// <summary>The feature columns; every other column when omitted.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>The task; inferred from the target column when omitted.</summary>
    public TaskKind? Task { get; init; }

    public MissingPolicy Missing { get; init; } = MissingPolicy.Mean;

    public SplitSpec Split { get; init; } = new();

    public required ModelSpec Model { get; init; }

    public OptimizerSpec Optimizer { get; init; } = new();

    /// <summary>Overrides the task's loss (MSE for regression, binary / softmax cross-entropy for classifiers).</summary>
    public LossKind? Loss { get; init; }

    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 32;

    public EarlyStoppingSpec? EarlyStopping { get; init; }

    /// <summary>Same seed and same data give the same weights.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>The model to register the result as (created when missing).</summary>
    public required string Register { get; init; }
}

[JsonConverter(typeof(LowerCaseEnumConverter<TaskKind>))]
public enum TaskKind
{
    Regression,
    Binary,
    Multiclass,
}

[JsonConverter(typeof(LowerCaseEnumConverter<MissingPolicy>))]
public enum MissingPolicy
{
    /// <summary>Rows with a missing feature or target are dropped.</summary>
    Drop,
    Mean,
    Median,
    MostFrequent,
}

/// <summary>Train / validation / test fractions (summing to 1), stratified for classifiers unless turned off.</summary>
public sealed record SplitSpec
{
    public double Train { get; init; } = 0.7;

    public double Validation { get; init; } = 0.15;

    public double Test { get; init; } = 0.15;

    public bool Stratify { get; init; } = true;
}

[JsonConverter(typeof(LowerCaseEnumConverter<ModelKind>))]
public enum ModelKind
{
    Linear,
    Logistic,
    Mlp,
    Cnn,
    Gbdt,
}

[JsonConverter(typeof(LowerCaseEnumConverter<Activation>))]
public enum Activation
{
    Relu,
    Tanh,
    Sigmoid,
}

/// <summary>The model; only the section of its kind applies.</summary>
public sealed record ModelSpec
{
    public required ModelKind Kind { get; init; }

    /// <summary>MLP hidden layer sizes, e.g. [64, 32].</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Dropout probability after each hidden layer (MLP and the CNN's dense layers).</summary>
    public double Dropout { get; init; }

    public CnnSpec? Cnn { get; init; }

    public GbdtSpec? Gbdt { get; init; }
}

/// <summary>A CNN over the feature columns read as a C×H×W image.</summary>
public sealed record CnnSpec
{
    /// <summary>[C, H, W]; C·H·W must equal the number of feature values.</summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    public required IReadOnlyList<ConvLayerSpec> Conv { get; init; }

    /// <summary>Hidden dense layer sizes between the flattened features and the output layer.</summary>
    public IReadOnlyList<int> Dense { get; init; } = [];
}

public sealed record ConvLayerSpec
{
    public required int Filters { get; init; }

    public int Kernel { get; init; } = 3;

    public int Stride { get; init; } = 1;

    public int Padding { get; init; }

    /// <summary>A 2×2 max-pool (stride 2) after the activation.</summary>
    public bool Pool { get; init; }
}

public sealed record GbdtSpec
{
    public int Trees { get; init; } = 100;

    public int Leaves { get; init; } = 20;

    public double LearningRate { get; init; } = 0.1;

    public int MinSamplesPerLeaf { get; init; } = 10;
}

[JsonConverter(typeof(LowerCaseEnumConverter<OptimizerKind>))]
public enum OptimizerKind
{
    Sgd,
    Momentum,
    Adam,
    AdamW,
}

public sealed record OptimizerSpec
{
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    public double LearningRate { get; init; } = 0.001;

    /// <summary>Momentum coefficient for <see cref="OptimizerKind.Momentum"/>.</summary>
    public double Momentum { get; init; } = 0.9;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>L2 penalty added to the gradient (sgd, momentum, adam) or decoupled decay (adamw).</summary>
    public double WeightDecay { get; init; }
}

[JsonConverter(typeof(LowerCaseEnumConverter<LossKind>))]
public enum LossKind
{
    Mse,
    BinaryCrossEntropy,
    SoftmaxCrossEntropy,
}

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

public sealed record EarlyStoppingSpec
{
    public StoppingMetric Metric { get; init; } = StoppingMetric.Loss;

    /// <summary>Epochs without improvement before stopping; the best epoch's weights are kept.</summary>
    public int Patience { get; init; } = 5;
}
