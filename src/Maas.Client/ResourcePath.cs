using System.Globalization;

namespace Maas.Client;

/// <summary>Builds request paths under <c>api/v1/</c>, escaping every caller-supplied segment.</summary>
internal static class ResourcePath
{
    public static string Models => "api/v1/models";

    public static string Model(string name) => $"{Models}/{Segment(name, nameof(name))}";

    public static string Versions(string name) => $"{Model(name)}/versions";

    public static string Version(string name, int version) =>
        $"{Versions(name)}/{version.ToString(CultureInfo.InvariantCulture)}";

    public static string Alias(string name, string alias) => $"{Model(name)}/aliases/{Segment(alias, nameof(alias))}";

    public static string Keys => "api/v1/keys";

    public static string Key(string id) => $"{Keys}/{Segment(id, nameof(id))}";

    public static string Audit => "api/v1/audit";

    private static string Segment(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);

        // URI resolution removes "." and ".." segments even when escaped, which would send the request elsewhere.
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' is not a valid name.", parameterName);
        }

        return Uri.EscapeDataString(value);
    }
}
