namespace Maas.Core.Registry;

/// <summary>A registered model: a name with metadata, under which numbered versions are kept.</summary>
/// <param name="Name">The model's name (see <see cref="ResourceName"/>).</param>
/// <param name="Description">Free text; empty when none was given.</param>
/// <param name="Tags">Key/value labels for search and bookkeeping.</param>
/// <param name="Labels">For classifiers, the class names in output order; <c>null</c> when not set.</param>
/// <param name="Created">When the model was created (UTC).</param>
/// <param name="Updated">When the model's metadata last changed (UTC).</param>
/// <param name="LatestVersion">The highest version number that still exists, or <c>null</c> when there is none.</param>
/// <param name="VersionCount">How many versions exist now.</param>
/// <param name="Aliases">Alias name → version number.</param>
public sealed record ModelInfo(
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string>? Labels,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    int? LatestVersion,
    int VersionCount,
    IReadOnlyDictionary<string, int> Aliases);
