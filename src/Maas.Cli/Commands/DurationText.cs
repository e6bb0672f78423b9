using System.Globalization;

namespace Maas.Cli.Commands;

/// <summary>
/// Parses durations written for people: <c>60s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, a plain number of seconds
/// (<c>30</c>, <c>0.5</c>), and <c>infinite</c> where the option allows it.
/// </summary>
internal static class DurationText
{
    // Longest suffixes first, so that "ms" is not read as "s".
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string text, bool allowInfinite, out TimeSpan duration)
    {
        duration = default;
        var value = text.Trim();
        if (allowInfinite && value.Equals("infinite", StringComparison.OrdinalIgnoreCase))
        {
            duration = Timeout.InfiniteTimeSpan;
            return true;
        }

        var scale = 1.0;
        foreach (var (suffix, seconds) in Units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal))
            {
                value = value[..^suffix.Length].TrimEnd();
                scale = seconds;
                break;
            }
        }

        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number * scale) || number * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(number * scale);
        return true;
    }

    /// <summary>Formats a default for help text: <c>60s</c>, <c>500ms</c>, <c>infinite</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan ? "infinite"
        : duration.TotalSeconds >= 1 ? duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
        : duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
}
