namespace Maas.Runtime;

/// <summary>
/// Where the host learns what a version is and reads its artefact; the server passes its registry and blob store.
/// </summary>
public interface IModelSource
{
    /// <summary>
    /// Returns the version's signature and its serving settings as they stand now. The host asks when it is about to
    /// load the version (every load, so a settings change reaches the next one) and keeps the answer with the loaded
    /// version; a request to a loaded version never gets here. A <see cref="Maas.Core.MaasException"/> thrown here
    /// fails the request or the explicit load that asked, and starts no load.
    /// </summary>
    Task<ModelDefinition> GetDefinitionAsync(ModelKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the artefact with this digest for reading. The host reads the stream to its end and disposes it.
    /// A <see cref="Maas.Core.MaasException"/> thrown here becomes the reason the load failed.
    /// </summary>
    Task<Stream> OpenAsync(string digest, CancellationToken cancellationToken);

    /// <summary>
    /// Counts the nodes of an artefact the host has read, subgraph and function bodies included: the memory estimate
    /// charges each node, since ONNX Runtime spends kilobytes on a node the file stores in a few bytes. Called once per
    /// load, before the session is created; the host keeps the array and only lends it. An artefact that cannot be
    /// counted counts 0 (ONNX Runtime will refuse it).
    /// </summary>
    long CountGraphNodes(byte[] artifact);
}
