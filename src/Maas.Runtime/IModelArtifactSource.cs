namespace Maas.Runtime;

/// <summary>Where the host reads model artefacts from; the server passes its blob store.</summary>
public interface IModelArtifactSource
{
    /// <summary>
    /// Opens the artefact with this digest for reading. The host reads the stream to its end and disposes it.
    /// A <see cref="Maas.Core.MaasException"/> thrown here becomes the reason the load failed.
    /// </summary>
    Task<Stream> OpenAsync(string digest, CancellationToken cancellationToken);
}
