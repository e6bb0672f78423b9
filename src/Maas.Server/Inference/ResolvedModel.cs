using Maas.Core.Registry;
using Maas.Runtime;

namespace Maas.Server.Inference;

/// <summary>
/// A request's target: one registered version (for metadata) and its model's labels (for classification). Its
/// serving settings are the model host's business, fixed when the version loads.
/// </summary>
internal sealed record ResolvedModel(ModelVersionInfo Version, IReadOnlyList<string>? Labels)
{
    public ModelKey Key { get; } = new(Version.Model, Version.Version, Version.Digest);

    public string VersionText => Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
