namespace Maas.Testing;

/// <summary>
/// Locates the shared fixtures (datasets and ONNX models with reference outputs). They live in <c>../shared/fixtures</c>
/// beside the repository; <c>MAAS_FIXTURES</c> overrides the location.
/// </summary>
internal static class TestFixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Directory => Root.Value;

    public static string ModelsDirectory => Path.Combine(Root.Value, "models");

    public static string DatasetsDirectory => Path.Combine(Root.Value, "datasets");

    /// <summary>The path of a fixture model, such as <c>Model("breast_cancer_mlp")</c>.</summary>
    public static string Model(string name) => Path.Combine(ModelsDirectory, name + ".onnx");

    /// <summary>The path of a fixture dataset, such as <c>Dataset("iris")</c>.</summary>
    public static string Dataset(string name) => Path.Combine(DatasetsDirectory, name + ".csv");

    /// <summary>The repository root (the folder holding Maas.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MAAS_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));
        return System.IO.Directory.Exists(candidate)
            ? candidate
            : throw new InvalidOperationException($"The shared fixtures were not found at {candidate}; set MAAS_FIXTURES.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maas.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Maas.slnx was not found above " + AppContext.BaseDirectory);
    }
}
