using Maas.Core.Training;
using Maas.Training.Data;

namespace Maas.Training.Tests.Engine;

/// <summary>Fixture datasets and small synthetic tables for trainer tests.</summary>
internal static class TrainingData
{
    private static readonly Dictionary<string, DataTable> Cache = [];

    /// <summary>A fixture CSV (iris, breast_cancer, digits, diabetes) read once per test run.</summary>
    public static async Task<DataTable> FixtureAsync(string name)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out var cached))
            {
                return cached;
            }
        }

        await using var stream = File.OpenRead(TestFixtures.Dataset(name));
        var table = await CsvDatasetReader.ReadAsync(stream, new CsvReadLimits(1_000_000, 10_000), CancellationToken.None);
        lock (Cache)
        {
            Cache[name] = table;
        }

        return table;
    }

    /// <summary>
    /// A synthetic binary problem with a categorical column and missing values: y = 1 when 2·a − b + colour effect > 0.
    /// </summary>
    public static DataTable Synthetic(int rows = 400, long seed = 7)
    {
        var random = new Random((int)seed);
        var a = new double[rows];
        var b = new double[rows];
        var colour = new string?[rows];
        var label = new string?[rows];
        string[] colours = ["red", "green", "blue"];
        for (var i = 0; i < rows; i++)
        {
            a[i] = (random.NextDouble() * 4) - 2;
            b[i] = (random.NextDouble() * 4) - 2;
            colour[i] = colours[random.Next(3)];
            var effect = colour[i] switch { "red" => 1.5, "green" => -1.5, _ => 0 };
            label[i] = (2 * a[i]) - b[i] + effect + ((random.NextDouble() - 0.5) * 0.5) > 0 ? "yes" : "no";
            if (i % 17 == 3)
            {
                a[i] = double.NaN;
            }

            if (i % 23 == 5)
            {
                colour[i] = null;
            }
        }

        return new DataTable([new NumericColumn("a", a), new NumericColumn("b", b), new CategoricalColumn("colour", colour), new CategoricalColumn("label", label)]);
    }

    /// <summary>A spec with the given model over a dataset, small epochs by default.</summary>
    public static TrainingSpec Spec(string target, ModelSpec model, int epochs = 5, int batchSize = 32, OptimizerSpec? optimizer = null) => new()
    {
        Dataset = "test",
        Target = target,
        Model = model,
        Epochs = epochs,
        BatchSize = batchSize,
        Optimizer = optimizer ?? new OptimizerSpec { Kind = OptimizerKind.Adam, LearningRate = 0.01 },
        Register = "test-model",
    };
}
