using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Storage.Tests.Caching;

/// <summary>
/// A model store that forwards to a real one and counts the calls that reach it, so a test can tell what the cache in
/// front answered by itself. <see cref="BeforeModelReturned"/> runs after a model was read and before it is returned,
/// which lets a test hold a read while a write goes through; <see cref="FailAfterWrites"/> makes every write throw
/// after it has been applied, as a commit whose acknowledgement was lost would.
/// </summary>
internal sealed class ObservedRegistryStore(IRegistryStore inner) : IRegistryStore
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public Func<Task>? BeforeModelReturned { get; set; }

    public bool FailAfterWrites { get; set; }

    public int Calls(string method) => _calls.GetValueOrDefault(method);

    public async Task<ModelInfo?> GetModelAsync(string name, CancellationToken cancellationToken)
    {
        var model = await Read(inner.GetModelAsync(name, cancellationToken));
        if (BeforeModelReturned is { } hold)
        {
            await hold();
        }

        return model;
    }

    public Task<ModelVersionInfo?> GetVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        Read(inner.GetVersionAsync(name, version, cancellationToken));

    public Task<ModelServingConfig> GetServingConfigAsync(string name, CancellationToken cancellationToken) =>
        Read(inner.GetServingConfigAsync(name, cancellationToken));

    public Task<ModelPage> ListModelsAsync(int pageSize, string? afterName, CancellationToken cancellationToken) =>
        Read(inner.ListModelsAsync(pageSize, afterName, cancellationToken));

    public Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken) =>
        Read(inner.ListVersionsAsync(name, cancellationToken));

    public Task<ModelInfo> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken) =>
        Write(inner.CreateModelAsync(request, cancellationToken));

    public Task<ModelInfo> UpdateModelAsync(string name, UpdateModelRequest update, CancellationToken cancellationToken) =>
        Write(inner.UpdateModelAsync(name, update, cancellationToken));

    public Task DeleteModelAsync(string name, CancellationToken cancellationToken) =>
        Write(Done(inner.DeleteModelAsync(name, cancellationToken)));

    public Task<ModelVersionInfo> AddVersionAsync(string name, BlobInfo blob, ModelSignature signature, ModelLineage? lineage, CancellationToken cancellationToken) =>
        Write(inner.AddVersionAsync(name, blob, signature, lineage, cancellationToken));

    public Task<ModelVersionInfo> DeleteVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        Write(inner.DeleteVersionAsync(name, version, cancellationToken));

    public Task<AliasInfo> SetAliasAsync(string name, string aliasName, int version, CancellationToken cancellationToken) =>
        Write(inner.SetAliasAsync(name, aliasName, version, cancellationToken));

    public Task DeleteAliasAsync(string name, string aliasName, CancellationToken cancellationToken) =>
        Write(Done(inner.DeleteAliasAsync(name, aliasName, cancellationToken)));

    public Task<ModelServingConfig> SetServingConfigAsync(string name, ModelServingConfig config, CancellationToken cancellationToken) =>
        Write(inner.SetServingConfigAsync(name, config, cancellationToken));

    private static async Task<bool> Done(Task write)
    {
        await write;
        return true;
    }

    private Task<T> Read<T>(Task<T> read, [CallerMemberName] string method = "")
    {
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        return read;
    }

    private async Task<T> Write<T>(Task<T> write, [CallerMemberName] string method = "")
    {
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        var result = await write;
        return FailAfterWrites ? throw MaasException.Conflict("The write was applied, but its answer was lost.") : result;
    }
}
