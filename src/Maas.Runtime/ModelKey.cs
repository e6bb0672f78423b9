namespace Maas.Runtime;

/// <summary>
/// The identity of one registered model version as the host sees it. The digest names the artefact in the blob
/// store; two keys with the same digest are still loaded and counted separately.
/// </summary>
/// <param name="Name">The model's name.</param>
/// <param name="Version">The version number.</param>
/// <param name="Digest">The artefact's content digest, <c>sha256:&lt;hex&gt;</c>, passed to <see cref="IModelSource.OpenAsync"/>.</param>
public sealed record ModelKey(string Name, int Version, string Digest)
{
    /// <summary>The key as text for logs and messages, such as <c>digits 3</c>.</summary>
    public override string ToString() => $"{Name} {Version}";
}
