using Maas.Core.Registry;
using Maas.Runtime;

namespace Maas.Server.Inference;

/// <summary>A request's target: one registered version with the settings and labels it is served with.</summary>
internal sealed record ResolvedModel(ModelVersionInfo Version, ModelRuntimeConfig Config, IReadOnlyList<string>? Labels)
{
    public ModelKey Key { get; } = new(Version.Model, Version.Version, Version.Digest);

    public string VersionText => Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
