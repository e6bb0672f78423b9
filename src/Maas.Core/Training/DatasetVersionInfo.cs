namespace Maas.Core.Training;

/// <summary>One immutable, numbered version of a dataset: a CSV stored as a content-addressed blob, and its profile.</summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="Version">1, 2, 3… per dataset, never reused.</param>
/// <param name="Digest">The CSV's digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Size">The CSV's size in bytes.</param>
/// <param name="Created">When the version was pushed (UTC).</param>
/// <param name="Rows">Data rows (the header not counted).</param>
/// <param name="Columns">Each column's kind and statistics, in file order.</param>
public sealed record DatasetVersionInfo(
    string Dataset,
    int Version,
    string Digest,
    long Size,
    DateTimeOffset Created,
    long Rows,
    IReadOnlyList<DatasetColumn> Columns);

/// <summary>A dataset in the list: <c>GET /api/v1/datasets</c>.</summary>
/// <param name="Name">The dataset's name.</param>
/// <param name="Created">When its first version was pushed.</param>
/// <param name="LatestVersion">The newest version, or <c>null</c> when every version was deleted.</param>
/// <param name="VersionCount">Versions stored.</param>
public sealed record DatasetSummary(string Name, DateTimeOffset Created, int? LatestVersion, int VersionCount);

/// <summary>The body of <c>GET /api/v1/datasets</c>, ordered by name.</summary>
public sealed record DatasetList(IReadOnlyList<DatasetSummary> Datasets);

/// <summary>A dataset with its versions, newest first: <c>GET /api/v1/datasets/{name}</c>.</summary>
public sealed record DatasetInfo(string Name, DateTimeOffset Created, IReadOnlyList<DatasetVersionInfo> Versions);
