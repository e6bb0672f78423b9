using System.CommandLine;
using System.Globalization;
using Maas.Server.Hosting.Configuration;

namespace Maas.Cli.Commands;

/// <summary>
/// The <c>maas serve</c> flag of one setting of the server's catalogue (<see cref="MaasSettings"/>): how it parses,
/// what help shows as its default, and the configuration text it sets when it is given. A value that does not parse
/// is a usage error (exit 2); whether it is in range is the server's to say, at start-up (exit 1).
/// </summary>
internal sealed class ServeFlag
{
    private readonly Func<ParseResult, string?> _read;

    private ServeFlag(MaasSetting setting, Option option, Func<ParseResult, string?> read)
    {
        Setting = setting;
        Option = option;
        _read = read;
    }

    public MaasSetting Setting { get; }

    public Option Option { get; }

    /// <summary>Every setting that has a flag, in the catalogue's order.</summary>
    public static IReadOnlyList<ServeFlag> All() => MaasSettings.All.Where(s => s.Flag is not null).Select(Create).ToList();

    /// <summary>The configuration text the flag sets, or <c>null</c> when it was not given (its default then comes from the configuration).</summary>
    public string? ReadGiven(ParseResult parseResult) =>
        parseResult.GetResult(Option) is { Implicit: false } ? _read(parseResult) : null;

    private static ServeFlag Create(MaasSetting setting) => setting.Kind switch
    {
        SettingKind.Bytes => Bytes(setting),
        SettingKind.Duration => Duration(setting, allowInfinite: false),
        SettingKind.DurationOrInfinite => Duration(setting, allowInfinite: true),
        SettingKind.Boolean => Plain<bool>(setting),
        SettingKind.WholeNumber when setting.DefaultValue is int => Plain<int>(setting),
        SettingKind.WholeNumber => Plain<long>(setting),
        SettingKind.Number => Plain<double>(setting),
        SettingKind.Choice => Choice(setting),
        _ => Plain<string>(setting),
    };

    // A flag without a value switches a boolean on, so help names no value for it.
    private static ServeFlag Plain<T>(MaasSetting setting)
    {
        var option = new Option<T>(setting.Flag!)
        {
            HelpName = setting.Kind == SettingKind.Boolean ? null : setting.ValueName,
            Description = Describe(setting, string.Empty),
            DefaultValueFactory = _ => (T)setting.DefaultValue!,
        };
        return new ServeFlag(setting, option, parseResult => MaasSetting.ToConfigurationText(parseResult.GetValue(option)));
    }

    private static ServeFlag Choice(MaasSetting setting)
    {
        var option = new Option<string>(setting.Flag!)
        {
            HelpName = setting.ValueName,
            Description = Describe(setting, string.Empty),
            DefaultValueFactory = _ => (string)setting.DefaultValue!,
        };
        option.AcceptOnlyFromAmong([.. setting.Choices]);
        return new ServeFlag(setting, option, parseResult => parseResult.GetValue(option));
    }

    // A size takes plain bytes or a unit (500MB, 64KiB, 4GiB). A setting held in 32 bits takes at most its largest value.
    private static ServeFlag Bytes(MaasSetting setting)
    {
        var option = new Option<long>(setting.Flag!)
        {
            HelpName = setting.ValueName,
            Description = Describe(setting, "A unit may follow: 64KiB, 500MB, 4GiB."),
            DefaultValueFactory = _ => Convert.ToInt64(setting.DefaultValue, CultureInfo.InvariantCulture),
            CustomParser = result =>
            {
                if (ByteCount.TryParse(result.Tokens[0].Value, out var bytes) && bytes > 0)
                {
                    return bytes;
                }

                result.AddError($"'{result.Tokens[0].Value}' is not a size; use bytes or a unit, such as 1MiB.");
                return 0;
            },
        };
        var limit = setting.DefaultValue is int ? int.MaxValue : long.MaxValue;
        return new ServeFlag(setting, option, parseResult => Math.Min(limit, parseResult.GetValue(option)).ToString(CultureInfo.InvariantCulture));
    }

    // A string option, so that help shows the default as "60s"; the validator rejects what DurationText cannot read.
    private static ServeFlag Duration(MaasSetting setting, bool allowInfinite)
    {
        var option = new Option<string>(setting.Flag!)
        {
            HelpName = setting.ValueName,
            Description = Describe(setting, "Seconds, or with a unit: 500ms, 30s, 2m."),
            DefaultValueFactory = _ => DurationText.Format((TimeSpan)setting.DefaultValue!),
        };
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>() ?? string.Empty;
            if (!DurationText.TryParse(text, allowInfinite, out _))
            {
                result.AddError($"'{text}' is not a duration; use seconds or a unit, such as 30s or 500ms{(allowInfinite ? ", or infinite" : "")}.");
            }
        });
        return new ServeFlag(setting, option, parseResult =>
            DurationText.TryParse(parseResult.GetRequiredValue(option), allowInfinite: true, out var duration)
                ? MaasSetting.ToConfigurationText(duration)
                : throw new InvalidOperationException("The validator let a bad duration through."));
    }

    private static string Describe(MaasSetting setting, string format)
    {
        var text = setting.Description;
        if (format.Length > 0)
        {
            text += " " + format;
        }

        return setting.Variable is null ? text : $"{text} ${setting.Variable} when set.";
    }
}
