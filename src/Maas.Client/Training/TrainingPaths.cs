using System.Globalization;

namespace Maas.Client.Training;

/// <summary>Request paths of the dataset and job endpoints, escaping every caller-supplied segment.</summary>
internal static class TrainingPaths
{
    public const string Datasets = "api/v1/datasets";

    public const string Jobs = "api/v1/jobs";

    public static string Dataset(string name) => $"{Datasets}/{Segment(name, nameof(name))}";

    public static string DatasetVersions(string name) => $"{Dataset(name)}/versions";

    public static string DatasetVersion(string name, int version) =>
        $"{DatasetVersions(name)}/{version.ToString(CultureInfo.InvariantCulture)}";

    public static string Job(string id) => $"{Jobs}/{Segment(id, nameof(id))}";

    private static string Segment(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);

        // URI resolution removes "." and ".." segments even when escaped, which would send the request elsewhere.
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' is not a valid name.", parameterName);
        }

        return Uri.EscapeDataString(value);
    }
}
