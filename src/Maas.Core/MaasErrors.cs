using System.Globalization;

namespace Maas.Core;

/// <summary>
/// The catalogue of domain failures that more than one layer reports: each sentence is written once, here, so that
/// the store, the management API, the inference protocols and the security layer (which must answer for a hidden
/// model exactly as for a missing one) can never drift apart.
/// </summary>
public static class MaasErrors
{
    /// <summary>An unknown model, as the management API (<c>/api/v1</c>) and the stores say it.</summary>
    public static MaasException ModelNotFound(string name) => MaasException.NotFound($"Model '{name}' does not exist.");

    /// <summary>
    /// An unknown model, as the inference protocols (<c>/v2</c>, gRPC) say it. The name comes from a URL or a message
    /// that no validation has seen, so it is clipped and made printable.
    /// </summary>
    public static MaasException InferenceModelNotFound(string name) => MaasException.NotFound($"Model '{Printable(name)}' is not found.");

    public static MaasException ModelExists(string name) => MaasException.Conflict($"A model named '{name}' already exists.");

    public static MaasException VersionNotFound(string name, int version) =>
        MaasException.NotFound(string.Create(CultureInfo.InvariantCulture, $"Model '{name}' has no version {version}."));

    /// <summary>A version or alias an inference URL names that the model does not have.</summary>
    public static MaasException VersionOrAliasNotFound(string name, string version) =>
        MaasException.NotFound($"Model '{name}' has no version or alias '{Printable(version)}'.");

    /// <summary>An inference request without a version for a model that has none.</summary>
    public static MaasException NoVersionToServe(string name) => MaasException.NotFound($"Model '{name}' has no versions to serve.");

    public static MaasException AliasNotFound(string name, string alias) => MaasException.NotFound($"Model '{name}' has no alias '{alias}'.");

    public static MaasException ModelHasVersions(string name, long count) =>
        MaasException.Conflict(count == 1
            ? $"Model '{name}' still has 1 version; delete it first."
            : string.Create(CultureInfo.InvariantCulture, $"Model '{name}' still has {count} versions; delete them first."));

    public static MaasException VersionAliased(string name, int version, IReadOnlyList<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        return MaasException.Conflict(aliases.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"Version {version} of model '{name}' is the target of alias '{aliases[0]}'; move or delete the alias first.")
            : string.Create(CultureInfo.InvariantCulture, $"Version {version} of model '{name}' is the target of aliases {string.Join(", ", aliases.Select(a => $"'{a}'"))}; move or delete the aliases first."));
    }

    public static MaasException DatasetNotFound(string name) => MaasException.NotFound($"Dataset '{name}' does not exist.");

    /// <summary>A dataset version that is not there: <paramref name="version"/> <c>null</c> means the newest, and then the dataset has none.</summary>
    public static MaasException DatasetVersionNotFound(string name, int? version) =>
        MaasException.NotFound(version is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"Dataset '{name}' has no version {v}.")
            : $"Dataset '{name}' has no versions.");

    public static MaasException JobNotFound(string id) => MaasException.NotFound($"Job '{id}' does not exist.");

    public static MaasException KeyNotFound(string id) => MaasException.NotFound($"There is no API key with id '{id}'.");

    public static MaasException KeyExists(string id) => MaasException.Conflict($"An API key with id '{id}' already exists.");

    // Names from URLs and messages may be anything: keep them short and free of control characters.
    private static string Printable(string value) =>
        string.Concat((value.Length > 64 ? value[..64] + "…" : value).Select(c => char.IsControl(c) ? '?' : c));
}
