using System.Globalization;

namespace Maas.Cli.Output;

/// <summary>How sizes, times and digests read in tables.</summary>
internal static class Formats
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>A size in binary units, such as <c>49.1 KiB</c>; exact bytes below 1 KiB.</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>A UTC time to the second, such as <c>2026-11-23 16:01:00Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The first 12 hex digits of a digest, enough to tell versions apart at a glance.</summary>
    public static string ShortDigest(string digest)
    {
        const string Prefix = "sha256:";
        var hex = digest.StartsWith(Prefix, StringComparison.Ordinal) ? digest[Prefix.Length..] : digest;
        return hex.Length > 12 ? hex[..12] : hex;
    }

    /// <summary>Cuts free text to one line of at most <paramref name="maxLength"/> characters.</summary>
    public static string OneLine(string text, int maxLength)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > maxLength ? line[..(maxLength - 1)] + "…" : line;
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
