using System.Globalization;
using Maas.Core;
using Maas.Training.Spec;

namespace Maas.Training.Engine;

public sealed partial class TrainingRunner
{
    /// <summary>
    /// The one rule for how long a job may take: it must end by its first start plus
    /// <see cref="TrainingLimits.MaxJobDuration"/>, measured on the runner's clock, so a resumed job keeps the deadline
    /// it had (time stopped across a restart counts). The runner is the only place that enforces it.
    /// </summary>
    private sealed class JobDeadline(DateTimeOffset jobStarted, TimeSpan limit, TimeProvider clock)
    {
        // The longest delay a timer takes (about 49.7 days); a later deadline is left to the training loop's checks.
        private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

        private readonly DateTimeOffset _at = jobStarted + limit;

        /// <summary>Throws <see cref="Exceeded"/> once the deadline has passed.</summary>
        public void Check()
        {
            if (clock.GetUtcNow() >= _at)
            {
                throw Exceeded();
            }
        }

        /// <summary>A source the clock cancels at the deadline, for work that only watches a token.</summary>
        public CancellationTokenSource StartTimer()
        {
            var remaining = _at - clock.GetUtcNow();
            var delay = remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining <= LongestTimer ? remaining : Timeout.InfiniteTimeSpan;
            return new CancellationTokenSource(delay, clock);
        }

        /// <summary>The failure of a job past its deadline: the sentence docs/management-api.md quotes.</summary>
        public MaasException Exceeded() => new(ErrorCode.InvalidArgument, $"The job exceeded the maximum job duration ({Describe(limit)}).");

        private static string Describe(TimeSpan duration) =>
            duration.TotalHours >= 1 && duration.TotalHours == Math.Floor(duration.TotalHours) ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0} h")
            : duration.TotalMinutes >= 1 && duration.TotalMinutes == Math.Floor(duration.TotalMinutes) ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0} min")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");
    }
}
