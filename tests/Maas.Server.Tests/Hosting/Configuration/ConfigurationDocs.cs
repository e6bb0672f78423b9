using System.Globalization;
using System.Text;
using Maas.Server.Hosting.Configuration;

namespace Maas.Server.Tests.Hosting.Configuration;

/// <summary>
/// Renders the settings tables of docs/configuration.md from the catalogue, so the page lists exactly the settings
/// the server has, with their real flags, variables and defaults.
/// </summary>
internal static class ConfigurationDocs
{
    public const string Begin = "<!-- settings:begin (generated from MaasSettings by ConfigurationDocsTests; MAAS_UPDATE_DOCS=1 rewrites it) -->";
    public const string End = "<!-- settings:end -->";

    public static string Path => System.IO.Path.Combine(TestFixtures.RepositoryRoot, "docs", "configuration.md");

    public static string Render()
    {
        var text = new StringBuilder();
        foreach (var section in MaasSettings.All.GroupBy(s => s.Section))
        {
            text.Append("\n### `").Append(section.Key).Append("`\n\n");
            text.Append("| Key | Flag | Environment variable | Default | What it does |\n|---|---|---|---|---|\n");
            foreach (var setting in section)
            {
                var variables = setting.Variable is null ? $"`{setting.EnvironmentVariable}`" : $"`{setting.EnvironmentVariable}`, `{setting.Variable}`";
                text.Append(CultureInfo.InvariantCulture, $"| `{setting.Name}` | {(setting.Flag is null ? "—" : $"`{setting.Flag}`")} | {variables} | {Default(setting)} | {setting.Description.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
        }

        return text.ToString();
    }

    private static string Default(MaasSetting setting) => setting.DefaultValue switch
    {
        null => "unset",
        TimeSpan duration when duration == Timeout.InfiniteTimeSpan => "infinite",
        long or int when setting.Kind == SettingKind.Bytes => $"`{MaasSetting.ToConfigurationText(setting.DefaultValue)}` ({Bytes(Convert.ToInt64(setting.DefaultValue, CultureInfo.InvariantCulture))})",
        _ => $"`{MaasSetting.ToConfigurationText(setting.DefaultValue)}`",
    };

    private static string Bytes(long bytes) =>
        bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB"
        : bytes % (1L << 10) == 0 ? $"{bytes >> 10} KiB"
        : $"{bytes} B";
}
