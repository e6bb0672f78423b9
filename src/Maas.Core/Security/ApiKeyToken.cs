using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Maas.Core.Security;

/// <summary>
/// An API key as a caller presents it: <c>maas_&lt;id&gt;_&lt;secret&gt;</c>. The id names the key (it is what logs,
/// the audit log and <c>maas keys list</c> show); the secret proves possession and is only ever kept as its SHA-256.
/// </summary>
/// <remarks>
/// A generated key has a 16-hex-digit id and a 64-hex-digit secret: 256 bits from the operating system's CSPRNG. A
/// key chosen by an operator (<c>MAAS_ADMIN_KEY</c>) may use an id of 4–32 lower-case letters and digits and a secret
/// of 32–128 letters and digits that looks random (see <see cref="WeaknessOfChosen"/>). <see cref="ToString"/> leaves the secret out, so a token that ends up in a log
/// message or an exception by mistake gives nothing away; <see cref="Reveal"/> is the one way to get the whole key.
/// </remarks>
public sealed class ApiKeyToken
{
    /// <summary>Every key starts with this, which lets secret scanners find leaked keys.</summary>
    public const string Prefix = "maas_";

    /// <summary>The format in words, for error messages.</summary>
    public const string FormatDescription =
        "maas_<id>_<secret>, where the id is 4 to 32 lower-case letters and digits and the secret 32 to 128 letters and digits";

    private const int MinIdLength = 4, MaxIdLength = 32, MinSecretLength = 32, MaxSecretLength = 128;
    private const int GeneratedIdBytes = 8, GeneratedSecretBytes = 32, MinDistinctSecretCharacters = 8;

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");
    private static readonly SearchValues<char> SecretCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private readonly string _secret;

    private ApiKeyToken(string id, string secret)
    {
        Id = id;
        _secret = secret;
    }

    /// <summary>The key's public identifier.</summary>
    public string Id { get; }

    /// <summary>Creates a new key: a random 64-bit id and a random 256-bit secret, both in lower-case hex.</summary>
    public static ApiKeyToken Generate() => new(
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(GeneratedIdBytes)),
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(GeneratedSecretBytes)));

    /// <summary>Parses a presented key; <c>false</c> for anything not in the key format.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApiKeyToken? token)
    {
        token = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator < 0)
        {
            return false;
        }

        var id = rest[..separator];
        var secret = rest[(separator + 1)..];
        if (id.Length is < MinIdLength or > MaxIdLength || id.ContainsAnyExcept(IdCharacters)
            || secret.Length is < MinSecretLength or > MaxSecretLength || secret.ContainsAnyExcept(SecretCharacters))
        {
            return false;
        }

        token = new ApiKeyToken(id.ToString(), secret.ToString());
        return true;
    }

    /// <summary>
    /// Why a key an operator chose (<c>MAAS_ADMIN_KEY</c>) must be refused, or <c>null</c> when it may be used. Beyond
    /// the format, its secret must look like the output of a random generator, as every generated key's does: at least
    /// 8 different characters, and not one short piece repeated. A secret of 32 <c>a</c>s, or <c>0123…f</c> four
    /// times, has the length but none of the strength. The sentence never quotes the key.
    /// </summary>
    /// <remarks>
    /// 32 random hex digits (the shortest strong secret, 128 bits) have fewer than 8 different digits about 3 times in a
    /// million, and repeat a piece practically never; a refused random key is simply drawn again.
    /// </remarks>
    public static string? WeaknessOfChosen(string? text)
    {
        if (!TryParse(text, out var token))
        {
            return $"is not a Maas API key: expected {FormatDescription}";
        }

        var secret = token._secret;
        if (secret.Distinct().Count() < MinDistinctSecretCharacters)
        {
            return $"has a secret of fewer than {MinDistinctSecretCharacters} different characters, which is not a random one: use 64 random hex digits, such as `openssl rand -hex 32` prints";
        }

        for (var period = 1; period <= secret.Length / 2; period++)
        {
            if (secret.AsSpan(period).SequenceEqual(secret.AsSpan(0, secret.Length - period)))
            {
                return "has a secret that repeats one short piece, which is not a random one: use 64 random hex digits, such as `openssl rand -hex 32` prints";
            }
        }

        return null;
    }

    /// <summary>
    /// The id of something that looks like a key even when its secret is malformed, so the audit log can say which
    /// key a failed attempt named; <c>null</c> when no well-formed id can be read.
    /// </summary>
    public static string? TryReadId(string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = text.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        var id = separator < 0 ? rest : rest[..separator];
        return id.Length is >= MinIdLength and <= MaxIdLength && !id.ContainsAnyExcept(IdCharacters) ? id.ToString() : null;
    }

    /// <summary>The SHA-256 of the secret: what the key store keeps instead of the secret.</summary>
    /// <remarks>
    /// A fast hash is enough: the secret has at least 128 (generated: 256) random bits, so there is nothing for a
    /// slow password hash to protect against guessing.
    /// </remarks>
    public byte[] HashSecret() => SHA256.HashData(Encoding.UTF8.GetBytes(_secret));

    /// <summary>
    /// Whether this token's secret is the one whose SHA-256 is <paramref name="storedSha256"/>. The comparison takes
    /// the same time wherever the digests differ, so response times say nothing about how close a guess was.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> storedSha256) => CryptographicOperations.FixedTimeEquals(HashSecret(), storedSha256);

    /// <summary>The whole key, secret included: only for showing a new key to its owner once.</summary>
    public string Reveal() => Prefix + Id + "_" + _secret;

    /// <summary>The key with its secret left out (<c>maas_&lt;id&gt;_…</c>).</summary>
    public override string ToString() => Prefix + Id + "_…";
}
