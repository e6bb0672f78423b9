using System.Globalization;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Storage;

namespace Maas.Server.Inference;

/// <summary>
/// Turns the <c>{name}</c> and optional <c>{version}</c> of an inference URL into a registered version. A version may
/// be a number or an alias; without one the <c>production</c> alias is used when set, else the newest version.
/// Serving settings are not read here: the model host takes them from <see cref="RegistryModelSource"/> when a version loads.
/// </summary>
internal sealed class ModelResolver(IRegistryStore store)
{
    public const string DefaultAlias = "production";

    public async Task<ResolvedModel> ResolveAsync(string name, string? version, CancellationToken cancellationToken)
    {
        // A name that breaks the naming rule cannot exist: answer as for any unknown model.
        var model = (ResourceName.IsValid(name) ? await store.GetModelAsync(name, cancellationToken) : null)
            ?? throw MaasErrors.InferenceModelNotFound(name);
        var number = SelectVersion(model, version);
        var info = await store.GetVersionAsync(name, number, cancellationToken)
            ?? throw MaasErrors.VersionNotFound(name, number);
        return new ResolvedModel(info, model.Labels);
    }

    private static int SelectVersion(ModelInfo model, string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return model.Aliases.TryGetValue(DefaultAlias, out var aliased) ? aliased
                : model.LatestVersion ?? throw MaasErrors.NoVersionToServe(model.Name);
        }

        if (int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return model.Aliases.TryGetValue(version, out var target)
            ? target
            : throw MaasErrors.VersionOrAliasNotFound(model.Name, version);
    }
}
