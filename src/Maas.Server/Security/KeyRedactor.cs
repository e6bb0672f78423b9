using System.Text.RegularExpressions;

namespace Maas.Server.Security;

/// <summary>
/// Finds API keys in text that came from outside (a path, a header, a body) and writes them as
/// <c>maas_&lt;id&gt;_***</c>, so the audit log and the server log never keep a secret, whatever a client put where.
/// </summary>
/// <remarks>
/// Anything that starts like a key and goes on with 16 or more secret characters is redacted (a truncated key still
/// gives part of its secret away); only a whole, well-formed key (32–128 secret characters) counts as leaked, because
/// only that one must be revoked. Names that merely start with <c>maas_</c> are left as they are.
/// </remarks>
internal static partial class KeyRedactor
{
    /// <summary>The longest text one key can be: <c>maas_</c>, a 32-character id, <c>_</c> and a 128-character secret.</summary>
    public const int MaxKeyLength = 5 + 32 + 1 + 128;

    private const int MinLeakedSecretLength = 32, MaxLeakedSecretLength = 128;

    /// <summary><paramref name="text"/> with every key in it redacted; the ids of whole keys are added to <paramref name="leaked"/>.</summary>
    public static string? Redact(string? text, ISet<string>? leaked)
    {
        if (text is null || !text.Contains(Core.Security.ApiKeyToken.Prefix, StringComparison.Ordinal))
        {
            return text;
        }

        return KeyLike().Replace(text, match =>
        {
            var id = match.Groups["id"].Value;
            if (IsWhole(match))
            {
                leaked?.Add(id);
            }

            return Core.Security.ApiKeyToken.Prefix + id + "_***";
        });
    }

    /// <summary>Adds to <paramref name="leaked"/> the id of every whole key in <paramref name="text"/>.</summary>
    public static void Scan(string? text, ISet<string> leaked)
    {
        if (text is null || !text.Contains(Core.Security.ApiKeyToken.Prefix, StringComparison.Ordinal))
        {
            return;
        }

        foreach (Match match in KeyLike().Matches(text))
        {
            if (IsWhole(match))
            {
                leaked.Add(match.Groups["id"].Value);
            }
        }
    }

    private static bool IsWhole(Match match) => match.Groups["secret"].Length is >= MinLeakedSecretLength and <= MaxLeakedSecretLength;

    [GeneratedRegex("maas_(?<id>[a-z0-9]{4,32})_(?<secret>[A-Za-z0-9]{16,})", RegexOptions.CultureInvariant)]
    private static partial Regex KeyLike();
}
