using Microsoft.Extensions.Configuration;

namespace Maas.Server.Hosting.Configuration;

/// <summary>
/// A fixed set of configuration values with a name that <c>--print-config</c> shows as their source: the flags given on
/// the command line, or the documented <c>MAAS_*</c> variables.
/// </summary>
internal sealed class LabelledValuesSource(string label, IEnumerable<KeyValuePair<string, string?>> values) : IConfigurationSource
{
    public string Label { get; } = label;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this, values);

    private sealed class Provider : ConfigurationProvider
    {
        private readonly LabelledValuesSource _source;

        public Provider(LabelledValuesSource source, IEnumerable<KeyValuePair<string, string?>> values)
        {
            _source = source;
            foreach (var (key, value) in values)
            {
                Data[key] = value;
            }
        }

        public override string ToString() => _source.Label;
    }
}
