using Maas.Core.Training;

namespace Maas.Training.Tests.Quality;

/// <summary>
/// The quality cases with the hyper-parameters the bench also uses (bench/training/cases.json mirrors these);
/// the tests run them with the bench's epochs where that is cheap and fewer where the bar still holds.
/// </summary>
internal static class QualityCases
{
    /// <summary>A small L2 penalty makes the optimum unique, so PyTorch and Maas converge to the same classifier.</summary>
    public static TrainingSpec IrisLogistic(int epochs = 200) => new()
    {
        Dataset = "iris",
        Target = "species",
        Model = new ModelSpec { Kind = ModelKind.Logistic },
        Optimizer = new OptimizerSpec { Kind = OptimizerKind.Adam, LearningRate = 0.05, WeightDecay = 0.001 },
        Epochs = epochs,
        BatchSize = 16,
        Register = "iris-logistic",
    };

    public static TrainingSpec BreastCancerMlp(int epochs = 50) => new()
    {
        Dataset = "breast_cancer",
        Target = "benign",
        Model = new ModelSpec { Kind = ModelKind.Mlp, Hidden = [32, 16], Activation = Activation.Relu },
        Optimizer = new OptimizerSpec { Kind = OptimizerKind.Adam, LearningRate = 0.001 },
        Epochs = epochs,
        BatchSize = 32,
        Register = "breast-cancer-mlp",
    };

    public static TrainingSpec DigitsCnn(int epochs = 20) => new()
    {
        Dataset = "digits",
        Target = "digit",
        Model = new ModelSpec
        {
            Kind = ModelKind.Cnn,
            Cnn = new CnnSpec
            {
                InputShape = [1, 8, 8],
                Conv = [new ConvLayerSpec { Filters = 16, Kernel = 3, Padding = 1, Pool = true }, new ConvLayerSpec { Filters = 32, Kernel = 3, Padding = 1, Pool = true }],
                Dense = [64],
            },
        },
        Optimizer = new OptimizerSpec { Kind = OptimizerKind.Adam, LearningRate = 0.005 },
        Epochs = epochs,
        BatchSize = 32,
        Register = "digits-cnn",
    };

    public static TrainingSpec DiabetesLinear(int epochs = 100) => new()
    {
        Dataset = "diabetes",
        Target = "progression",
        Task = TaskKind.Regression,
        Model = new ModelSpec { Kind = ModelKind.Linear },
        Optimizer = new OptimizerSpec { Kind = OptimizerKind.Sgd, LearningRate = 0.01 },
        Epochs = epochs,
        BatchSize = 32,
        Register = "diabetes-linear",
    };

    public static TrainingSpec BreastCancerGbdt() => new()
    {
        Dataset = "breast_cancer",
        Target = "benign",
        Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Trees = 100, Leaves = 20, LearningRate = 0.1, MinSamplesPerLeaf = 10 } },
        Register = "breast-cancer-gbdt",
    };
}
