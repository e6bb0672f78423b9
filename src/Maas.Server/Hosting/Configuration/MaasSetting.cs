using System.Globalization;

namespace Maas.Server.Hosting.Configuration;

/// <summary>
/// One setting of <c>maas serve</c>: its configuration key (<c>Maas:Limits:MaxJsonDepth</c>), the environment variable
/// that sets it (<c>MAAS__LIMITS__MAXJSONDEPTH</c>), its flag when it has one, its default and what it means. The
/// catalogue of them, <see cref="MaasSettings.All"/>, is what the CLI's flags, <c>--print-config</c>, start-up errors
/// and docs/configuration.md are all made from.
/// </summary>
public sealed class MaasSetting
{
    private readonly Func<object, object?> _read;

    internal MaasSetting(
        Type optionsType,
        string section,
        string name,
        SettingKind kind,
        string description,
        string? flag,
        string? variable,
        IReadOnlyList<string>? choices,
        string? valueName,
        Func<object, object?> read)
    {
        OptionsType = optionsType;
        Section = section;
        Name = name;
        Kind = kind;
        Description = description;
        Flag = flag;
        Variable = variable;
        Choices = choices ?? [];
        ValueName = valueName ?? kind switch
        {
            SettingKind.Bytes => "BYTES",
            SettingKind.Duration or SettingKind.DurationOrInfinite => "DURATION",
            SettingKind.WholeNumber or SettingKind.Number => "N",
            SettingKind.Path => "PATH",
            SettingKind.Address => "HOST:PORT",
            SettingKind.Choice => string.Join('|', Choices),
            SettingKind.Boolean => "true|false",
            _ => "TEXT",
        };
        _read = read;
        DefaultValue = read(Activator.CreateInstance(optionsType)!);
    }

    /// <summary>The configuration section, such as <c>Maas:Limits</c>.</summary>
    public string Section { get; }

    /// <summary>The setting's name in its section, such as <c>MaxJsonDepth</c>.</summary>
    public string Name { get; }

    /// <summary>The full configuration key, such as <c>Maas:Limits:MaxJsonDepth</c> (nested objects in appsettings.json).</summary>
    public string Key => Section + ":" + Name;

    /// <summary>The environment variable for <see cref="Key"/>, such as <c>MAAS__LIMITS__MAXJSONDEPTH</c>.</summary>
    public string EnvironmentVariable => Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>The <c>maas serve</c> flag, such as <c>--max-json-depth</c>; <c>null</c> for settings without one.</summary>
    public string? Flag { get; }

    /// <summary>
    /// The older, shorter variable that sets it too (<c>MAAS_DATA_DIR</c>, <c>MAAS_MASTER_KEY</c>, <c>MAAS_ADMIN_KEY</c>);
    /// <c>null</c> for most settings.
    /// </summary>
    public string? Variable { get; }

    public SettingKind Kind { get; }

    /// <summary>What the setting does, in a sentence or two.</summary>
    public string Description { get; }

    /// <summary>The words a <see cref="SettingKind.Choice"/> accepts; empty otherwise.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>What help calls the value, such as <c>BYTES</c> or <c>HOST:PORT|none</c>.</summary>
    public string ValueName { get; }

    /// <summary>The value when nothing sets it: a <see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or <see cref="TimeSpan"/>, or <c>null</c>.</summary>
    public object? DefaultValue { get; }

    public bool IsSecret => Kind == SettingKind.Secret;

    /// <summary>How an operator most likely set it, for messages: the flag, else the variable, else the key.</summary>
    public string DisplayName => Flag ?? Variable ?? Key;

    internal Type OptionsType { get; }

    /// <summary>
    /// <paramref name="value"/> as configuration text, the form <see cref="Key"/> takes in appsettings.json or an
    /// environment variable: numbers in the invariant culture, durations as <c>hh:mm:ss</c>, booleans as <c>true</c>.
    /// </summary>
    public static string? ToConfigurationText(object? value) => value switch
    {
        null => null,
        TimeSpan duration => duration.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>The value this setting has in a bound options object of its <see cref="OptionsType"/>.</summary>
    internal object? Read(object options) => _read(options);

    public override string ToString() => Key;
}
