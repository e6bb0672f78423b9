using System.Text.RegularExpressions;

namespace Maas.Core.Storage;

/// <summary>Formats and checks <c>sha256:&lt;hex&gt;</c> digests.</summary>
public static partial class BlobDigest
{
    public const string Prefix = "sha256:";

    /// <summary>Formats a SHA-256 hash as a digest string.</summary>
    public static string FromHash(ReadOnlySpan<byte> sha256) => Prefix + Convert.ToHexStringLower(sha256);

    /// <summary>
    /// Returns the 64 hex digits of a well-formed digest, or throws <see cref="ErrorCode.InvalidArgument"/>. Stores
    /// build paths only from digests that passed this check.
    /// </summary>
    public static string Hex(string digest)
    {
        var match = DigestRegex().Match(digest);
        if (!match.Success)
        {
            throw MaasException.Invalid("A digest must be 'sha256:' followed by 64 lower-case hex digits.");
        }

        return match.Groups[1].Value;
    }

    [GeneratedRegex("^sha256:([0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestRegex();
}
