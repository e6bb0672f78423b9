using System.Globalization;

namespace Maas.Cli.Commands;

/// <summary>
/// Times on the command line: an ISO 8601 time (<c>2026-12-31</c>, <c>2026-12-31T18:00:00Z</c>; UTC unless it says
/// otherwise) or a span from now, a whole number with <c>m</c>, <c>h</c>, <c>d</c> or <c>w</c> (<c>30d</c>, <c>12h</c>).
/// </summary>
internal static class TimeArgument
{
    private static readonly (char Unit, TimeSpan Length)[] Units =
        [('m', TimeSpan.FromMinutes(1)), ('h', TimeSpan.FromHours(1)), ('d', TimeSpan.FromDays(1)), ('w', TimeSpan.FromDays(7))];

    /// <summary>Parses <paramref name="text"/>; a span counts forward from <paramref name="now"/> (<paramref name="sign"/> 1) or back (-1).</summary>
    public static bool TryParse(string text, DateTimeOffset now, int sign, out DateTimeOffset time)
    {
        time = default;
        var value = text.Trim();
        if (value.Length >= 2 && Units.FirstOrDefault(u => u.Unit == value[^1]) is { Length.Ticks: > 0 } unit
            && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count > 0 && count <= 100 * 366)
        {
            time = now + ((unit.Length * count) * sign);
            return true;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
