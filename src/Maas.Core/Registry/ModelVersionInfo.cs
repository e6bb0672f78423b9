namespace Maas.Core.Registry;

/// <summary>One immutable, numbered version of a model.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The version number: 1, 2, 3… per model, never reused.</param>
/// <param name="Digest">The artefact's content digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Size">The artefact's size in bytes.</param>
/// <param name="Created">When the version was registered (UTC).</param>
/// <param name="Signature">The inputs and outputs read from the graph.</param>
/// <param name="Aliases">The aliases that point at this version.</param>
/// <param name="Lineage">The training job, dataset, spec and metrics behind a trained version; <c>null</c> for uploads.</param>
public sealed record ModelVersionInfo(
    string Model,
    int Version,
    string Digest,
    long Size,
    DateTimeOffset Created,
    ModelSignature Signature,
    IReadOnlyList<string> Aliases,
    Training.ModelLineage? Lineage = null);
