using System.Globalization;
using System.Text;

namespace Maas.Core;

/// <summary>
/// The one rule for text that comes from outside (descriptions, tags, class labels, key descriptions, CSV headers),
/// and the one way such text is shown where a terminal or a log would act on it. Refused are the C0 controls
/// (U+0000–U+001F; tab, line feed and carriage return only where the field allows line breaks), DEL (U+007F), the C1
/// controls (U+0080–U+009F), and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
/// that make a terminal show text in another order than it is stored ("Trojan Source").
/// </summary>
public static class TextRules
{
    /// <summary>Whether <paramref name="c"/> is refused in outside text.</summary>
    /// <param name="c">The character.</param>
    /// <param name="allowLineBreaks">Whether tab, line feed and carriage return are allowed (free-text descriptions).</param>
    public static bool IsRefused(char c, bool allowLineBreaks = false) => c switch
    {
        '\t' or '\n' or '\r' => !allowLineBreaks,
        < ' ' => true,
        >= '\u007F' and <= '\u009F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };

    /// <summary>Whether every character of <paramref name="value"/> is allowed; <c>null</c> counts as printable.</summary>
    public static bool IsPrintable(string? value, bool allowLineBreaks = false) => IndexOfRefused(value, allowLineBreaks) < 0;

    /// <summary>The index of the first refused character, or -1.</summary>
    public static int IndexOfRefused(string? value, bool allowLineBreaks = false)
    {
        if (value is null)
        {
            return -1;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (IsRefused(value[i], allowLineBreaks))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Throws <see cref="ErrorCode.InvalidArgument"/> naming <paramref name="field"/>, the code point and its position
    /// when <paramref name="value"/> holds a refused character.
    /// </summary>
    /// <param name="value">The text; <c>null</c> passes.</param>
    /// <param name="field">What the text is, for the message ("description", "tag key 'team'").</param>
    /// <param name="allowLineBreaks">Whether tab, line feed and carriage return are allowed.</param>
    public static void Validate(string? value, string field, bool allowLineBreaks = false)
    {
        var index = IndexOfRefused(value, allowLineBreaks);
        if (index >= 0)
        {
            throw MaasException.Invalid(RefusalMessage(field, value![index], index, allowLineBreaks));
        }
    }

    /// <summary>The sentence that refuses <paramref name="c"/> at <paramref name="index"/> of <paramref name="field"/>.</summary>
    public static string RefusalMessage(string field, char c, int index, bool allowLineBreaks = false) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"The {field} contains the control character {CodePoint(c)} at position {index + 1}; remove it. Control characters (U+0000–U+001F, U+007F–U+009F) and bidirectional overrides (U+202A–U+202E, U+2066–U+2069) are refused{(allowLineBreaks ? ", except tab and line breaks" : string.Empty)}.");

    /// <summary>A character as <c>U+001B</c>.</summary>
    public static string CodePoint(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    /// <summary>
    /// <paramref name="value"/> with every refused character (tab and line breaks included) written as a visible
    /// escape, <c>\u001b</c>, so that text stored before the rule existed, or read from a file or a library, cannot
    /// move a terminal's cursor, change its title or forge a log line. Other text is returned unchanged.
    /// </summary>
    public static string Escape(string? value)
    {
        if (value is null || IsPrintable(value))
        {
            return value ?? string.Empty;
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (IsRefused(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
