using System.Globalization;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;
using Maas.Runtime;

namespace Maas.Server.Inference;

/// <summary>
/// Turns the <c>{name}</c> and optional <c>{version}</c> of an inference URL into a registered version. A version may
/// be a number or an alias; without one the <c>production</c> alias is used when set, else the newest version.
/// </summary>
internal sealed class ModelResolver(IRegistryStore store)
{
    public const string DefaultAlias = "production";

    public async Task<ResolvedModel> ResolveAsync(string name, string? version, CancellationToken cancellationToken)
    {
        // A name that breaks the naming rule cannot exist: answer as for any unknown model.
        var model = (ResourceName.IsValid(name) ? await store.GetModelAsync(name, cancellationToken) : null)
            ?? throw ModelNotFound(name);
        var number = SelectVersion(model, version);
        var info = await store.GetVersionAsync(name, number, cancellationToken)
            ?? throw MaasException.NotFound($"Model '{name}' has no version {number}.");
        var config = await store.GetServingConfigAsync(name, cancellationToken);
        return new ResolvedModel(info, ToRuntime(config), model.Labels);
    }

    private static int SelectVersion(ModelInfo model, string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return model.Aliases.TryGetValue(DefaultAlias, out var aliased) ? aliased
                : model.LatestVersion ?? throw MaasException.NotFound($"Model '{model.Name}' has no versions to serve.");
        }

        if (int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return model.Aliases.TryGetValue(version, out var target)
            ? target
            : throw MaasException.NotFound($"Model '{model.Name}' has no version or alias '{Clip(version)}'.");
    }

    internal static ModelRuntimeConfig ToRuntime(ModelServingConfig config) => new(
        config.MaxBatchSize,
        TimeSpan.FromMilliseconds(config.MaxQueueDelayMs),
        config.InstanceCount,
        config.IntraOpThreads,
        config.MaxQueueSize);

    /// <summary>The answer for an unknown model; a model outside the caller's scopes gets the same one.</summary>
    internal static MaasException ModelNotFound(string name) => MaasException.NotFound($"Model '{Clip(name)}' is not found.");

    private static string Clip(string value) =>
        string.Concat((value.Length > 64 ? value[..64] + "…" : value).Select(c => char.IsControl(c) ? '?' : c));
}
