using System.Globalization;

namespace Maas.Server.Hosting;

/// <summary>
/// Applies the request timeout to gRPC calls through the protocol's own deadline header, so that Grpc.AspNetCore
/// ends an overdue call with <c>DEADLINE_EXCEEDED</c> and cancels its token, exactly as for a client's deadline.
/// </summary>
internal static class GrpcDeadline
{
    public const string Header = "grpc-timeout";

    // The gRPC over HTTP/2 spec allows at most eight digits before the unit.
    private const long MaxValue = 99_999_999;

    /// <summary>Sets the deadline to <paramref name="limit"/> unless the client asked for a shorter one.</summary>
    public static void Cap(IHeaderDictionary headers, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (limit == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (TryParse(headers[Header].ToString(), out var requested) && requested <= limit)
        {
            return;
        }

        var milliseconds = Math.Clamp((long)Math.Ceiling(limit.TotalMilliseconds), 1, MaxValue);
        headers[Header] = milliseconds.ToString(CultureInfo.InvariantCulture) + "m";
    }

    /// <summary>Reads <c>TimeoutValue TimeoutUnit</c>: up to eight digits, then H, M, S, m, u or n.</summary>
    public static bool TryParse(string value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length is < 2 or > 9
            || !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        double? ticks = value[^1] switch
        {
            'H' => amount * (double)TimeSpan.TicksPerHour,
            'M' => amount * (double)TimeSpan.TicksPerMinute,
            'S' => amount * (double)TimeSpan.TicksPerSecond,
            'm' => amount * (double)TimeSpan.TicksPerMillisecond,
            'u' => amount * (double)TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100.0,
            _ => null,
        };
        if (ticks is null || ticks.Value > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks((long)ticks.Value);
        return true;
    }
}
