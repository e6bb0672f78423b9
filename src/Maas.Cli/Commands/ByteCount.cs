using System.Globalization;

namespace Maas.Cli.Commands;

/// <summary>Parses byte counts written for people: <c>2147483648</c>, <c>2GiB</c>, <c>500MB</c>.</summary>
internal static class ByteCount
{
    // Longest suffixes first, so that "MiB" is not read as "B".
    private static readonly (string Suffix, long Multiplier)[] Suffixes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("B", 1),
    ];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var value = text.Trim();
        var multiplier = 1L;
        foreach (var (suffix, factor) in Suffixes)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[..^suffix.Length].TrimEnd();
                multiplier = factor;
                break;
            }
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = number * multiplier;
        return true;
    }
}
