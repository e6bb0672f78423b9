using System.Collections.Concurrent;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Core.Training;

namespace Maas.Storage.Caching;

/// <summary>
/// Keeps the reads that every inference request makes (model, version, serving config) in memory, so resolving
/// <c>fraud</c> or <c>fraud/production</c> costs no database round trip. Every write goes through this decorator and
/// invalidates what it touched before returning, so a moved alias is seen by the very next request.
/// </summary>
/// <remarks>
/// <para>
/// A per-model generation number guards against a read that started before a write from storing its stale answer
/// after the write's invalidation. The cache is per process: several servers on one database (the distributed mode)
/// will need a change feed or a short time-to-live, which this class is the place for.
/// </para>
/// <para>
/// It knows no database: the service registration wraps whichever model store is configured in it, so nothing else
/// knows it exists, and the model-store contract tests run through it as through any implementation. Every write of
/// the model aggregate, a trained version with its lineage included, is an <see cref="IRegistryStore"/> method, so
/// none can bypass it.
/// </para>
/// </remarks>
internal sealed class CachingRegistryStore(IRegistryStore inner) : IRegistryStore
{
    private readonly ConcurrentDictionary<string, Entry> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    public async Task<ModelInfo?> GetModelAsync(string name, CancellationToken cancellationToken)
    {
        if (_models.TryGetValue(name, out var cached) && cached.Model is { } model)
        {
            return model.Value;
        }

        var generation = Generation(name);
        var value = await inner.GetModelAsync(name, cancellationToken);
        Update(name, generation, e => e with { Model = new Box<ModelInfo?>(value) });
        return value;
    }

    public async Task<ModelVersionInfo?> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        if (_models.TryGetValue(name, out var cached) && cached.Versions.TryGetValue(version, out var hit))
        {
            return hit;
        }

        var generation = Generation(name);
        var value = await inner.GetVersionAsync(name, version, cancellationToken);
        Update(name, generation, e => e with { Versions = e.Versions.SetItem(version, value) });
        return value;
    }

    public async Task<ModelServingConfig> GetServingConfigAsync(string name, CancellationToken cancellationToken)
    {
        if (_models.TryGetValue(name, out var cached) && cached.Config is { } config)
        {
            return config;
        }

        var generation = Generation(name);
        var value = await inner.GetServingConfigAsync(name, cancellationToken);
        Update(name, generation, e => e with { Config = value });
        return value;
    }

    public Task<ModelInfo> CreateModelAsync(CreateModelRequest request, CancellationToken cancellationToken) =>
        WriteAsync(request.Name, () => inner.CreateModelAsync(request, cancellationToken));

    public Task<ModelInfo> UpdateModelAsync(string name, UpdateModelRequest update, CancellationToken cancellationToken) =>
        WriteAsync(name, () => inner.UpdateModelAsync(name, update, cancellationToken));

    public Task DeleteModelAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync(name, async () => { await inner.DeleteModelAsync(name, cancellationToken); return true; });

    public Task<ModelVersionInfo> AddVersionAsync(string name, BlobInfo blob, ModelSignature signature, ModelLineage? lineage, CancellationToken cancellationToken) =>
        WriteAsync(name, () => inner.AddVersionAsync(name, blob, signature, lineage, cancellationToken));

    public Task<ModelVersionInfo> DeleteVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        WriteAsync(name, () => inner.DeleteVersionAsync(name, version, cancellationToken));

    public Task<AliasInfo> SetAliasAsync(string name, string aliasName, int version, CancellationToken cancellationToken) =>
        WriteAsync(name, () => inner.SetAliasAsync(name, aliasName, version, cancellationToken));

    public Task DeleteAliasAsync(string name, string aliasName, CancellationToken cancellationToken) =>
        WriteAsync(name, async () => { await inner.DeleteAliasAsync(name, aliasName, cancellationToken); return true; });

    public Task<ModelServingConfig> SetServingConfigAsync(string name, ModelServingConfig config, CancellationToken cancellationToken) =>
        WriteAsync(name, () => inner.SetServingConfigAsync(name, config, cancellationToken));

    public Task<ModelPage> ListModelsAsync(int pageSize, string? afterName, CancellationToken cancellationToken) =>
        inner.ListModelsAsync(pageSize, afterName, cancellationToken);

    public Task<IReadOnlyList<ModelVersionInfo>> ListVersionsAsync(string name, CancellationToken cancellationToken) =>
        inner.ListVersionsAsync(name, cancellationToken);

    private async Task<T> WriteAsync<T>(string name, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        finally
        {
            // Invalidate even when the write failed: it may have committed before the failure surfaced.
            _generations.AddOrUpdate(name, 1, (_, g) => g + 1);
            _models.TryRemove(name, out _);
        }
    }

    private long Generation(string name) => _generations.GetValueOrDefault(name);

    private void Update(string name, long generation, Func<Entry, Entry> change)
    {
        var updated = change(_models.GetValueOrDefault(name) ?? Entry.Empty);
        _models[name] = updated;

        // A write that landed while we read has bumped the generation: drop what we just stored rather than serve it.
        if (Generation(name) != generation)
        {
            _models.TryRemove(name, out _);
        }
    }

    private sealed record Box<T>(T Value);

    private sealed record Entry(Box<ModelInfo?>? Model, ModelServingConfig? Config, System.Collections.Immutable.ImmutableDictionary<int, ModelVersionInfo?> Versions)
    {
        public static Entry Empty { get; } = new(null, null, System.Collections.Immutable.ImmutableDictionary<int, ModelVersionInfo?>.Empty);
    }
}
