using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Maas.Server.Hosting.Configuration;

/// <summary>
/// The configuration <c>maas serve</c> runs with, from lowest to highest precedence: the defaults of the options
/// classes, <c>appsettings.json</c> in the working folder (or the file <c>--config</c> names), environment variables
/// (<c>MAAS__LIMITS__MAXJSONDEPTH</c> sets <c>Maas:Limits:MaxJsonDepth</c>), the documented shorter variables
/// (<c>MAAS_DATA_DIR</c>, <c>MAAS_MASTER_KEY</c>, <c>MAAS_ADMIN_KEY</c>), then the flags given on the command line.
/// </summary>
public static class MaasConfiguration
{
    /// <summary>The file read from the working folder when no <c>--config</c> is given; optional.</summary>
    public const string DefaultFileName = "appsettings.json";

    /// <summary>Builds the configuration.</summary>
    /// <param name="flags">The values of the flags given on the command line, by configuration key.</param>
    /// <param name="configFile">A JSON file that must exist, instead of the optional <see cref="DefaultFileName"/>.</param>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> flags, string? configFile = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var builder = new ConfigurationBuilder();
        if (configFile is null)
        {
            builder.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), DefaultFileName), optional: true, reloadOnChange: false);
        }
        else
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        builder.Add(new LabelledValuesSource(LabelledValuesSource.Variables, DocumentedVariables()));
        builder.Add(new LabelledValuesSource(LabelledValuesSource.Flags, flags));
        return builder.Build();
    }

    /// <summary>Where the value of <paramref name="setting"/> comes from: a flag, a variable, a file, or the default.</summary>
    internal static string SourceOf(IConfigurationRoot configuration, MaasSetting setting)
    {
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (!provider.TryGet(setting.Key, out _))
            {
                continue;
            }

            return provider switch
            {
                JsonConfigurationProvider json => Path.GetFileName(json.Source.Path) ?? "file",
                EnvironmentVariablesConfigurationProvider => setting.EnvironmentVariable,
                LabelledValuesSource.Provider { Label: LabelledValuesSource.Flags } => setting.Flag ?? "flag",
                LabelledValuesSource.Provider { Label: LabelledValuesSource.Variables } => setting.Variable ?? "variable",
                _ => provider.ToString() ?? "configuration",
            };
        }

        return "default";
    }

    // The variables older than the configuration keys. An empty MAAS_DATA_DIR or MAAS_ADMIN_KEY counts as unset. An
    // empty or padded MAAS_MASTER_KEY is kept as given, so that a mistake is refused rather than silently replaced by
    // the key file.
    private static IEnumerable<KeyValuePair<string, string?>> DocumentedVariables()
    {
        foreach (var setting in MaasSettings.All.Where(s => s.Variable is not null))
        {
            var value = Environment.GetEnvironmentVariable(setting.Variable!);
            var keepAsGiven = setting.Name == nameof(Hosting.StorageOptions.MasterKey);
            if (value is null || (!keepAsGiven && string.IsNullOrWhiteSpace(value)))
            {
                continue;
            }

            yield return new(setting.Key, keepAsGiven ? value : value.Trim());
        }
    }
}
