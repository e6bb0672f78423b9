using System.Diagnostics;
using System.Text.Json;
using Maas.Core.Training;
using Maas.Training.Engine;

namespace TrainingBench;

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}

/// <summary>Wall time between epoch-completed reports: the steps, the validation pass and the checkpoint.</summary>
internal sealed class TimingObserver : ITrainingObserver
{
    private long _last = Stopwatch.GetTimestamp();

    public List<double> EpochSeconds { get; } = [];

    public void Progress(TrainingProgress progress)
    {
        if (progress.EpochCompleted)
        {
            EpochSeconds.Add(Stopwatch.GetElapsedTime(_last).TotalSeconds);
            _last = Stopwatch.GetTimestamp();
        }
    }

    public void Log(string line)
    {
    }

    public Task CheckpointAsync(ReadOnlyMemory<byte> state, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed record BenchCase(string Name, string Dataset, TrainingSpec Spec);

/// <summary>The quality cases (tests/Maas.Training.Tests/Quality/QualityCases.cs uses the same hyper-parameters).</summary>
internal static class Cases
{
    public static readonly BenchCase[] All =
    [
        new("iris_logistic", "iris", new TrainingSpec
        {
            Dataset = "iris", Target = "species", Register = "iris-logistic",
            Model = new ModelSpec { Kind = ModelKind.Logistic },
            Optimizer = new OptimizerSpec { Kind = OptimizerKind.Adam, LearningRate = 0.05, WeightDecay = 0.001 },
            Epochs = 200, BatchSize = 16,
        }),
        new("breast_cancer_mlp", "breast_cancer", new TrainingSpec
        {
            Dataset = "breast_cancer", Target = "benign", Register = "breast-cancer-mlp",
            Model = new ModelSpec { Kind = ModelKind.Mlp, Hidden = [32, 16], Activation = Activation.Relu },
            Optimizer = new OptimizerSpec { Kind = OptimizerKind.Adam, LearningRate = 0.001 },
            Epochs = 50, BatchSize = 32,
        }),
        new("digits_cnn", "digits", new TrainingSpec
        {
            Dataset = "digits", Target = "digit", Register = "digits-cnn",
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
            Epochs = 20, BatchSize = 32,
        }),
        new("diabetes_linear", "diabetes", new TrainingSpec
        {
            Dataset = "diabetes", Target = "progression", Task = TaskKind.Regression, Register = "diabetes-linear",
            Model = new ModelSpec { Kind = ModelKind.Linear },
            Optimizer = new OptimizerSpec { Kind = OptimizerKind.Sgd, LearningRate = 0.01 },
            Epochs = 100, BatchSize = 32,
        }),
        new("breast_cancer_gbdt", "breast_cancer", new TrainingSpec
        {
            Dataset = "breast_cancer", Target = "benign", Register = "breast-cancer-gbdt",
            Model = new ModelSpec { Kind = ModelKind.Gbdt, Gbdt = new GbdtSpec { Trees = 100, Leaves = 20, LearningRate = 0.1, MinSamplesPerLeaf = 10 } },
        }),
    ];
}
