using Microsoft.Extensions.Configuration;

namespace Maas.Server.Hosting.Configuration;

/// <summary>
/// A fixed set of configuration values with a name that <c>--print-config</c> shows as their source: the flags given on
/// the command line, or the documented <c>MAAS_*</c> variables.
/// </summary>
internal sealed class LabelledValuesSource(string label, IEnumerable<KeyValuePair<string, string?>> values) : IConfigurationSource
{
    /// <summary>The values given on the command line.</summary>
    public const string Flags = "flag";

    /// <summary>The documented <c>MAAS_*</c> variables.</summary>
    public const string Variables = "variable";

    public string Label { get; } = label;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(Label, values);

    /// <summary>The provider of a <see cref="LabelledValuesSource"/>, which says where its values came from.</summary>
    internal sealed class Provider : ConfigurationProvider
    {
        public Provider(string label, IEnumerable<KeyValuePair<string, string?>> values)
        {
            Label = label;
            foreach (var (key, value) in values)
            {
                Data[key] = value;
            }
        }

        public string Label { get; }

        public override string ToString() => Label;
    }
}
