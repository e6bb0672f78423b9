using System.Text.RegularExpressions;

namespace Maas.Core;

/// <summary>
/// The naming rule shared by models, aliases and (later) datasets: 1–63 characters of lower-case letters, digits,
/// '.', '_' and '-', starting with a letter or digit. Names never become file paths, but the rule still keeps
/// '/', '..'-prefixed names, upper case and control characters out of URLs, logs and shells.
/// </summary>
public static partial class ResourceName
{
    /// <summary>The rule as a regular expression, quoted in error messages.</summary>
    public const string Pattern = "^[a-z0-9][a-z0-9._-]{0,62}$";

    /// <summary>Whether <paramref name="value"/> satisfies <see cref="Pattern"/>.</summary>
    public static bool IsValid(string? value) => value is not null && NameRegex().IsMatch(value);

    /// <summary>Throws an <see cref="ErrorCode.InvalidArgument"/> error naming the rule unless the name is valid.</summary>
    /// <param name="value">The candidate name.</param>
    /// <param name="kind">What is being named, for the message ("model name", "alias").</param>
    public static void Validate(string? value, string kind)
    {
        if (!IsValid(value))
        {
            throw MaasException.Invalid(
                $"The {kind} '{Printable(value)}' is not valid: use 1 to 63 characters of lower-case letters, digits, '.', '_' and '-', starting with a letter or digit ({Pattern}).");
        }
    }

    /// <summary>
    /// Aliases share the name rule and must contain a non-digit, so that a version selector such as "3" is always a
    /// version number and never an alias.
    /// </summary>
    public static void ValidateAlias(string? value)
    {
        Validate(value, "alias");
        if (value!.All(char.IsAsciiDigit))
        {
            throw MaasException.Invalid($"The alias '{value}' is not valid: an alias must contain a non-digit, since a number selects a version.");
        }
    }

    // Echo a rejected name back without letting control characters or megabytes of it into the response.
    private static string Printable(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var clipped = value.Length > 80 ? value[..80] + "…" : value;
        return string.Concat(clipped.Select(c => char.IsControl(c) ? '?' : c));
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
