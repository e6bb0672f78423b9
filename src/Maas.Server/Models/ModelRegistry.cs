using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Core.Training;
using Maas.Onnx;
using Maas.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Maas.Server.Models;

/// <summary>
/// The registry's write paths that span both stores. The ordering is what makes a crash harmless: a blob is durable
/// before the row that names it is committed, and a row is gone before its blob is deleted, so no row ever points at a
/// missing blob; at worst an unreferenced blob is left, and start-up removes it.
/// </summary>
internal sealed partial class ModelRegistry(
    IRegistryStore store,
    IBlobReferences references,
    IBlobStore blobs,
    IOptions<LimitsOptions> limits,
    ILogger<ModelRegistry> logger) : IDisposable
{
    // Serialises "commit blob + insert row" against "delete row + delete unreferenced blob", so a concurrent upload of
    // the same content can never have its blob removed between its rename and its insert. Both sections are short:
    // the long part of an upload (streaming and validation) happens outside.
    private readonly SemaphoreSlim _blobGate = new(1, 1);

    /// <summary>Streams, validates and registers a new version of <paramref name="name"/>.</summary>
    public Task<ModelVersionInfo> UploadAsync(string name, Stream content, CancellationToken cancellationToken) =>
        RegisterAsync(name, content, lineage: null, cancellationToken);

    /// <summary>Deletes a version, and its blob when no other version shares it.</summary>
    public async Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        await _blobGate.WaitAsync(cancellationToken);
        try
        {
            var deleted = await store.DeleteVersionAsync(name, version, cancellationToken);
            if (!await references.IsBlobReferencedAsync(deleted.Digest, CancellationToken.None))
            {
                await blobs.DeleteAsync(deleted.Digest, CancellationToken.None);
            }

            LogVersionDeleted(logger, name, version);
        }
        finally
        {
            _blobGate.Release();
        }
    }

    /// <summary>Opens a version's artefact for download.</summary>
    public async Task<(ModelVersionInfo Version, Stream Content)> OpenArtifactAsync(string name, int version, CancellationToken cancellationToken)
    {
        var info = await GetVersionAsync(name, version, cancellationToken);
        return (info, await OpenBlobAsync(info.Digest, cancellationToken));
    }

    public async Task<ModelVersionInfo> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        var info = await store.GetVersionAsync(name, version, cancellationToken);
        if (info is not null)
        {
            return info;
        }

        _ = await store.GetModelAsync(name, cancellationToken) ?? throw MaasErrors.ModelNotFound(name);
        throw MaasErrors.VersionNotFound(name, version);
    }

    /// <summary>
    /// Removes what an interrupted process left behind: temporary upload files, and blobs no row refers to (a crash
    /// between a blob's commit and its row's insert, or between a row's delete and its blob's).
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await RecoverEncryptionAsync(cancellationToken);
        var temporary = await blobs.RemoveTemporaryFilesAsync(cancellationToken);
        var referenced = await references.ListReferencedDigestsAsync(cancellationToken);
        var orphans = 0;
        foreach (var digest in blobs.ListDigests().Where(d => !referenced.Contains(d)).ToList())
        {
            await blobs.DeleteAsync(digest, cancellationToken);
            orphans++;
        }

        if (temporary + orphans > 0)
        {
            LogRecovered(logger, temporary, orphans);
        }
    }

    public void Dispose() => _blobGate.Dispose();

    /// <summary>
    /// The one way a version comes to exist, uploaded or trained: stream it to the blob store while hashing, inspect
    /// it, check its declared shapes, then commit the blob and insert the row (with the lineage of the job that trained
    /// it, if any) under the blob gate.
    /// </summary>
    private async Task<ModelVersionInfo> RegisterAsync(string name, Stream content, ModelLineage? lineage, CancellationToken cancellationToken)
    {
        // Fail fast, before reading a byte, when the model does not exist.
        _ = await store.GetModelAsync(name, cancellationToken) ?? throw MaasErrors.ModelNotFound(name);

        await using var staged = await blobs.StageAsync(content, limits.Value.MaxModelBytes, progress: null, cancellationToken);
        OnnxModelDescription description;
        await using (var read = staged.OpenRead())
        {
            // Nodes and depth are checked on the wire first: a graph over them is refused before it is parsed.
            description = OnnxModelInspector.Inspect(read, new OnnxGraphLimits(limits.Value.MaxGraphNodes, limits.Value.MaxGraphDepth));
        }

        // A few bytes of ONNX can declare shapes of terabytes; such a version could never be loaded or served.
        Runtime.SignatureLimits.Check(description.Signature, limits.Value.MaxTensorElements);
        var version = await CommitBlobAsync(
            staged,
            blob => store.AddVersionAsync(name, blob, description.Signature, lineage, CancellationToken.None),
            _ => null,
            cancellationToken);
        LogVersionRegistered(logger, name, version.Version, version.Digest, version.Size);
        return version;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Registered version {Version} of model {Model} ({Digest}, {Size} bytes)")]
    private static partial void LogVersionRegistered(ILogger logger, string model, int version, string digest, long size);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Deleted version {Version} of model {Model}")]
    private static partial void LogVersionDeleted(ILogger logger, string model, int version);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Recovered from an interrupted run: removed {TemporaryFiles} temporary files and {OrphanBlobs} unreferenced blobs")]
    private static partial void LogRecovered(ILogger logger, int temporaryFiles, int orphanBlobs);
}
