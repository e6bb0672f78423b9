using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Maas.Server.Hosting.Configuration;

/// <summary>
/// Every options class bound from one configuration and checked by its validator, exactly as the server will bind
/// and check them, but without starting anything: the server looks here before it touches the disk, and
/// <c>maas serve --print-config</c> shows what it finds. Each failure is a sentence naming the flag (or variable) and
/// the configuration key of the setting it is about.
/// </summary>
internal sealed partial class EffectiveConfiguration
{
    private readonly Dictionary<Type, object> _options;

    private EffectiveConfiguration(Dictionary<Type, object> options, IReadOnlyList<string> errors)
    {
        _options = options;
        Errors = errors;
    }

    /// <summary>What is wrong, one sentence per setting; empty when the configuration can run a server.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Binds and validates every options class from <paramref name="configuration"/>.</summary>
    public static EffectiveConfiguration Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Bound without their validators, so that a bad value can still be shown, then checked one by one.
        using var provider = new ServiceCollection().AddSingleton(configuration).AddMaasOptions(validate: false).BuildServiceProvider();
        var options = new Dictionary<Type, object>();
        var errors = new List<string>(UnknownKeys(configuration));
        foreach (var binding in ConfigurationWiring.Bindings)
        {
            try
            {
                var value = binding.Get(provider);
                options[binding.OptionsType] = value;
                errors.AddRange(binding.Validate(value).Select(failure => Describe(binding.OptionsType, failure)));
            }
            catch (InvalidOperationException exception) when (UnconvertibleValue(exception) is { } error)
            {
                errors.Add(error);
            }
        }

        return new EffectiveConfiguration(options, errors.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The bound options of <typeparamref name="TOptions"/>; only when <see cref="Errors"/> is empty.</summary>
    public TOptions Get<TOptions>()
        where TOptions : class => (TOptions)_options[typeof(TOptions)];

    /// <summary>The value of <paramref name="setting"/>, or <c>null</c> when its options did not bind.</summary>
    public object? ValueOf(MaasSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return _options.TryGetValue(setting.OptionsType, out var options) ? setting.Read(options) : null;
    }

    /// <summary>
    /// Turns a validator's sentence (<c>MaxJsonDepth must be …; 2 was given.</c>) into the operator's (<c>--max-json-depth
    /// must be …; 2 was given (configuration key Maas:Limits:MaxJsonDepth).</c>).
    /// </summary>
    internal static string Describe(Type optionsType, string failure)
    {
        // A property that takes its value from another subsystem's setting (the model host's tensor limit) is named
        // after that setting, so the two reports of one bad value read the same and are kept once.
        var name = failure.Split(' ', 2)[0];
        if ((MaasSettings.Find(optionsType, name) ?? MaasSettings.All.SingleOrDefault(s => s.Name == name)) is not { } setting)
        {
            return failure;
        }

        var sentence = setting.DisplayName + failure[name.Length..];
        return setting.DisplayName == setting.Key ? sentence : $"{sentence.TrimEnd('.')} (configuration key {setting.Key}).";
    }

    // Keys under Maas: that name no setting are mistakes (a misspelt key would otherwise be ignored in silence).
    private static IEnumerable<string> UnknownKeys(IConfiguration configuration) =>
        configuration.GetSection(MaasSettings.Root).AsEnumerable(makePathsRelative: false)
            .Where(pair => pair.Value is not null && MaasSettings.Find(pair.Key) is null)
            .Select(pair => pair.Key)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(key => $"{key} is not a Maas setting; docs/configuration.md lists them all.");

    // The binder's own message names a .NET type; say what the setting takes instead.
    private static string? UnconvertibleValue(InvalidOperationException exception)
    {
        if (ConversionFailure().Match(exception.Message) is not { Success: true } match || MaasSettings.Find(match.Groups["key"].Value) is not { } setting)
        {
            return null;
        }

        var expected = setting.Kind switch
        {
            SettingKind.WholeNumber => "a whole number",
            SettingKind.Number => "a number",
            SettingKind.Bytes => "a whole number of bytes",
            SettingKind.Duration => "a duration such as 00:00:30 (hh:mm:ss)",
            SettingKind.DurationOrInfinite => "a duration such as 00:00:30 (hh:mm:ss), or -00:00:00.001 for infinite",
            SettingKind.Boolean => "true or false",
            _ => "a valid value",
        };
        var display = setting.DisplayName == setting.Key ? setting.Key : $"{setting.DisplayName} (configuration key {setting.Key})";
        return match.Groups["value"].Success
            ? string.Create(CultureInfo.InvariantCulture, $"{display} must be {expected}; '{match.Groups["value"].Value}' is not.")
            : $"{display} must be {expected}.";
    }

    [GeneratedRegex("Failed to convert configuration value (?:'(?<value>.*)' )?at '(?<key>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionFailure();
}
