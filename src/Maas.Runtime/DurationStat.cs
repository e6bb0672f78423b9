namespace Maas.Runtime;

/// <summary>A count and the cumulative time, in nanoseconds, of what was counted.</summary>
/// <param name="Count">How many were counted.</param>
/// <param name="Nanoseconds">Their total duration in nanoseconds.</param>
public sealed record DurationStat(long Count, long Nanoseconds)
{
    /// <summary>Nothing counted.</summary>
    public static DurationStat Zero { get; } = new(0, 0);
}
