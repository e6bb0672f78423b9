using System.Buffers;

namespace Maas.Core.Security;

/// <summary>
/// Model-name globs that limit what a key may see: <c>*</c> matches any run of characters (also none), <c>?</c> exactly
/// one, and every other character itself. <c>fraud-*</c> matches <c>fraud-eu</c> and <c>fraud-</c>; <c>*</c> matches every
/// model. Patterns use the characters of model names plus the two wildcards, 1 to 64 of them.
/// </summary>
/// <remarks>
/// Matching is a linear scan that backtracks only to the last <c>*</c>, never a regular expression, so a hostile
/// pattern or name cannot make it slow: it is O(pattern × name) at worst, and both are at most 64 characters.
/// </remarks>
public static class ScopePattern
{
    /// <summary>The pattern that matches every model.</summary>
    public const string All = "*";

    /// <summary>The longest pattern accepted.</summary>
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789._-*?");

    /// <summary>Whether <paramref name="pattern"/> is a pattern this class accepts.</summary>
    public static bool IsValid(string? pattern) =>
        pattern is { Length: > 0 and <= MaxLength } && !pattern.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>Throws <see cref="ErrorCode.InvalidArgument"/> with the rule unless <paramref name="pattern"/> is valid.</summary>
    public static void Validate(string? pattern)
    {
        if (!IsValid(pattern))
        {
            var shown = pattern is null ? string.Empty : string.Concat(pattern.Take(80).Select(c => char.IsControl(c) ? '?' : c));
            throw MaasException.Invalid(
                $"The scope '{shown}' is not valid: use 1 to {MaxLength} characters of lower-case letters, digits, '.', '_', '-' and the wildcards '*' (any run of characters) and '?' (one character), such as 'fraud-*'.");
        }
    }

    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                // Let the star match nothing for now; remember where to come back to if that fails.
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                // Let the last star swallow one more character and try again from there.
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether any of <paramref name="patterns"/> matches <paramref name="name"/>.</summary>
    public static bool MatchesAny(IEnumerable<string> patterns, string name)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        return patterns.Any(pattern => Matches(pattern, name));
    }
}
