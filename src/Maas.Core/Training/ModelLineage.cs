using System.Text.Json;

namespace Maas.Core.Training;

/// <summary>Where a trained model version came from; <c>null</c> on versions that were uploaded.</summary>
/// <param name="JobId">The training job that produced the version (<c>job-</c> + 12 hex digits).</param>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="DatasetVersion">The dataset version the job trained on.</param>
/// <param name="DatasetDigest">The digest of that dataset version's CSV, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Spec">The full training spec, as the job ran it.</param>
/// <param name="Metrics">Metrics per split (<c>train</c>, <c>validation</c>, <c>test</c>), each by metric name.</param>
public sealed record ModelLineage(
    string JobId,
    string Dataset,
    int DatasetVersion,
    string DatasetDigest,
    JsonElement Spec,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Metrics);
