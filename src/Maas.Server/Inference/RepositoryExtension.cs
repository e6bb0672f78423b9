using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Runtime;

namespace Maas.Server.Inference;

/// <summary>
/// The model-repository and statistics extensions, protocol-neutral: which versions exist and in what state, explicit
/// load and unload, and per-version statistics. REST and gRPC only translate these answers.
/// </summary>
internal sealed class RepositoryExtension(IRegistryStore store, ModelResolver resolver, InferenceService inference)
{
    private ModelHost Host => inference.Host;

    /// <summary>Every registered version with its load state; only ready ones when <paramref name="readyOnly"/>.</summary>
    public async Task<IReadOnlyList<RepositoryEntry>> IndexAsync(bool readyOnly, CancellationToken cancellationToken)
    {
        var entries = new List<RepositoryEntry>();
        await foreach (var model in AllModelsAsync(cancellationToken))
        {
            foreach (var version in await store.ListVersionsAsync(model.Name, cancellationToken))
            {
                var status = Host.GetStatus(new ModelKey(model.Name, version.Version, version.Digest));
                var entry = new RepositoryEntry(model.Name, version.Version, StateName(status.State), status.State == ModelLoadState.Unloaded ? "not loaded" : status.Reason);
                if (!readyOnly || status.State == ModelLoadState.Ready)
                {
                    entries.Add(entry);
                }
            }
        }

        return entries;
    }

    /// <summary>Loads the model's default version (its <c>production</c> alias, else the newest) and waits until it is ready.</summary>
    public async Task LoadAsync(string name, CancellationToken cancellationToken)
    {
        var model = await resolver.ResolveAsync(name, version: null, cancellationToken);
        await inference.LoadAsync(model, cancellationToken);
    }

    /// <summary>Unloads every loaded version of the model; in-flight requests finish first.</summary>
    public async Task UnloadAsync(string name, CancellationToken cancellationToken)
    {
        _ = await resolver.ResolveAsync(name, version: null, cancellationToken);
        foreach (var status in Host.ListStatuses().Where(s => s.Key.Name == name))
        {
            await Host.UnloadAsync(status.Key, cancellationToken);
        }
    }

    /// <summary>
    /// Statistics of one version (name and version given), of every version of a model (name only), or of every
    /// version the host has seen (neither).
    /// </summary>
    public async Task<IReadOnlyList<ModelStatisticsSnapshot>> StatisticsAsync(string? name, string? version, CancellationToken cancellationToken)
    {
        if (name is null)
        {
            return Host.ListStatuses().Select(s => Host.GetStatistics(s.Key)).OrderBy(s => s.Key.Name, StringComparer.Ordinal).ThenBy(s => s.Key.Version).ToList();
        }

        if (version is not null)
        {
            var model = await resolver.ResolveAsync(name, version, cancellationToken);
            return [Host.GetStatistics(model.Key)];
        }

        _ = await resolver.ResolveAsync(name, version: null, cancellationToken);
        var versions = await store.ListVersionsAsync(name, cancellationToken);
        return versions.OrderBy(v => v.Version).Select(v => Host.GetStatistics(new ModelKey(name, v.Version, v.Digest))).ToList();
    }

    private async IAsyncEnumerable<ModelInfo> AllModelsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        do
        {
            var page = await store.ListModelsAsync(RegistryLimits.MaxPageSize, after, cancellationToken);
            foreach (var model in page.Models)
            {
                yield return model;
            }

            after = page.NextPageToken;
        }
        while (after is not null);
    }

    internal static string StateName(ModelLoadState state) => state switch
    {
        ModelLoadState.Ready => "READY",
        ModelLoadState.Loading => "LOADING",
        ModelLoadState.Unloading => "UNLOADING",
        _ => "UNAVAILABLE",
    };
}

