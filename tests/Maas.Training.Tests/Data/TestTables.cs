using Maas.Core.Training;
using Maas.Training.Data;

namespace Maas.Training.Tests.Data;

internal static class TestTables
{
    private static readonly Dictionary<string, Lazy<Task<DataTable>>> Fixtures = new[] { "iris", "breast_cancer", "digits", "diabetes" }
        .ToDictionary(name => name, name => new Lazy<Task<DataTable>>(() => LoadAsync(name)));

    /// <summary>A fixture dataset, read once per test run (tables are never modified).</summary>
    public static Task<DataTable> FixtureAsync(string name) => Fixtures[name].Value;

    public static TrainingSpec Spec(string target, TaskKind? task = null, MissingPolicy missing = MissingPolicy.Mean, SplitSpec? split = null, long seed = 42, IReadOnlyList<string>? features = null) =>
        new()
        {
            Dataset = "test",
            Target = target,
            Task = task,
            Missing = missing,
            Split = split ?? new SplitSpec(),
            Seed = seed,
            Features = features,
            Model = new ModelSpec { Kind = ModelKind.Mlp },
            Register = "test-model",
        };

    private static async Task<DataTable> LoadAsync(string name)
    {
        await using var file = File.OpenRead(TestFixtures.Dataset(name));
        return await CsvDatasetReader.ReadAsync(file, new CsvReadLimits(100_000, 1_000), CancellationToken.None);
    }
}
