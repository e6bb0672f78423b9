using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Maas.Cli.Commands.Training;

/// <summary>Options whose values are comma-separated lists or enumeration names, as the training flags take them.</summary>
internal static class FlagValues
{
    /// <summary>An option taking positive integers separated by commas, such as <c>--hidden 64,32</c>.</summary>
    public static Option<int[]?> PositiveIntegers(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result => ParsePositiveIntegers(result, name),
    };

    /// <summary>An option taking names separated by commas, such as <c>--features a,b,c</c>.</summary>
    public static Option<string[]?> Names(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result =>
        {
            var names = result.Tokens[0].Value.Split(',', StringSplitOptions.TrimEntries);
            if (names.Any(n => n.Length == 0))
            {
                result.AddError($"{name} takes names separated by commas, such as a,b,c; '{result.Tokens[0].Value}' has an empty one.");
                return null;
            }

            return names;
        },
    };

    /// <summary>
    /// An option taking one of an enumeration's values, written in lower case with dashes between words
    /// (<c>most-frequent</c>); dashes and underscores are optional, so <c>mostfrequent</c> works too.
    /// </summary>
    public static Option<T?> Choice<T>(string name, string description)
        where T : struct, Enum
    {
        var names = Enum.GetValues<T>().Select(Display).ToArray();
        var option = new Option<T?>(name)
        {
            HelpName = string.Join('|', names),
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                var key = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
                foreach (var value in Enum.GetValues<T>())
                {
                    if (string.Equals(value.ToString(), key, StringComparison.OrdinalIgnoreCase))
                    {
                        return value;
                    }
                }

                result.AddError($"'{text}' is not a value of {name}; use one of {string.Join(", ", names)}.");
                return null;
            },
        };
        option.CompletionSources.Add(names);
        return option;
    }

    /// <summary>An enumeration value as the command line writes it: <c>MostFrequent</c> → <c>most-frequent</c>, <c>AdamW</c> → <c>adamw</c>.</summary>
    public static string Display<T>(T value)
        where T : struct, Enum
    {
        var text = value.ToString();
        var builder = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            // A capital after a lower-case letter starts a word, except the W of AdamW, which is one name.
            if (i > 0 && char.IsUpper(text[i]) && char.IsLower(text[i - 1]) && i < text.Length - 1)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(text[i]));
        }

        return builder.ToString();
    }

    /// <summary>An option taking a number; <paramref name="check"/> returns the rule it breaks, or <c>null</c>.</summary>
    public static Option<double?> Real(string name, string helpName, string description, Func<double, string?>? check = null) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                result.AddError($"'{text}' is not a number for {name}.");
                return null;
            }

            if (check?.Invoke(value) is { } rule)
            {
                result.AddError($"{name} {rule}; '{text}' is not.");
                return null;
            }

            return value;
        },
    };

    /// <summary>An option taking a whole number of at least <paramref name="minimum"/>.</summary>
    public static Option<int?> Whole(string name, string helpName, string description, int minimum = 1) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                result.AddError($"'{text}' is not a whole number for {name}.");
                return null;
            }

            if (value < minimum)
            {
                result.AddError($"{name} must be at least {minimum}; '{text}' is not.");
                return null;
            }

            return value;
        },
    };

    private static int[]? ParsePositiveIntegers(ArgumentResult result, string name)
    {
        var text = result.Tokens[0].Value;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                result.AddError($"{name} takes positive whole numbers separated by commas, such as 64,32; '{text}' is not.");
                return null;
            }
        }

        return values;
    }
}
