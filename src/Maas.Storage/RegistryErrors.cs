using Maas.Core;

namespace Maas.Storage;

/// <summary>The registry's domain failures, each with the sentence the user reads.</summary>
internal static class RegistryErrors
{
    public static MaasException ModelExists(string name) =>
        MaasException.Conflict($"A model named '{name}' already exists.");

    public static MaasException ModelNotFound(string name) =>
        MaasException.NotFound($"Model '{name}' does not exist.");

    public static MaasException VersionNotFound(string name, int version) =>
        MaasException.NotFound($"Model '{name}' has no version {version}.");

    public static MaasException AliasNotFound(string name, string alias) =>
        MaasException.NotFound($"Model '{name}' has no alias '{alias}'.");

    public static MaasException ModelHasVersions(string name, long count) =>
        MaasException.Conflict(count == 1
            ? $"Model '{name}' still has 1 version; delete it first."
            : $"Model '{name}' still has {count} versions; delete them first.");

    public static MaasException VersionAliased(string name, int version, IReadOnlyList<string> aliases) =>
        MaasException.Conflict(aliases.Count == 1
            ? $"Version {version} of model '{name}' is the target of alias '{aliases[0]}'; move or delete the alias first."
            : $"Version {version} of model '{name}' is the target of aliases {string.Join(", ", aliases.Select(a => $"'{a}'"))}; move or delete the aliases first.");
}
