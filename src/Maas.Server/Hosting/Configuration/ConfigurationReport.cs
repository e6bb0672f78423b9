using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Maas.Server.Hosting.Configuration;

/// <summary>What <c>maas serve --print-config</c> prints: every setting's effective value and where it came from, secrets masked.</summary>
internal static class ConfigurationReport
{
    public const string Masked = "********";
    public const string NotSet = "(not set)";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>One line per setting (or, with <paramref name="json"/>, one JSON document) on <paramref name="output"/>.</summary>
    public static void Write(IConfigurationRoot configuration, EffectiveConfiguration effective, TextWriter output, bool json)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(effective);
        ArgumentNullException.ThrowIfNull(output);
        var rows = MaasSettings.All.Select(s => (Setting: s, Value: Shown(s, effective.ValueOf(s)), Source: MaasConfiguration.SourceOf(configuration, s))).ToList();
        if (json)
        {
            var document = new
            {
                settings = rows.Select(r => new
                {
                    key = r.Setting.Key,
                    value = r.Value,
                    source = r.Source,
                    flag = r.Setting.Flag,
                    environmentVariable = r.Setting.EnvironmentVariable,
                }),
                errors = effective.Errors,
            };
            output.WriteLine(JsonSerializer.Serialize(document, Indented));
            return;
        }

        output.WriteLine("# The settings maas serve runs with; the last of default < appsettings.json < MAAS__* variable < MAAS_* variable < flag wins.");
        var keyWidth = rows.Max(r => r.Setting.Key.Length) + 2;
        var valueWidth = Math.Min(40, rows.Max(r => (r.Value ?? NotSet).Length)) + 2;
        output.WriteLine("KEY".PadRight(keyWidth) + "VALUE".PadRight(valueWidth) + "SOURCE");
        foreach (var (setting, value, source) in rows)
        {
            output.WriteLine(setting.Key.PadRight(keyWidth) + (value ?? NotSet).PadRight(valueWidth) + source);
        }
    }

    // Secrets are never shown, only whether they are set.
    private static string? Shown(MaasSetting setting, object? value) =>
        setting.IsSecret ? (value is null ? null : Masked) : MaasSetting.ToConfigurationText(value);
}
