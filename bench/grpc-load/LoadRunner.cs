using System.Diagnostics;

namespace GrpcLoad;

/// <summary>Runs the callers: warm-up first (not recorded), then the measured window, bounded in time and count.</summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(ILoadTarget target, LoadOptions options, CancellationToken cancellationToken)
    {
        var begin = Stopwatch.GetTimestamp();
        var measureFrom = begin + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        long issued = 0;
        var callers = Enumerable.Range(0, options.Concurrency).Select(caller => Task.Run(async () =>
        {
            var latencies = new List<long>(16_384);
            long errors = 0;
            string? firstError = null;
            long sequence = caller;
            while (!cancellationToken.IsCancellationRequested && Interlocked.Increment(ref issued) <= options.MaxRequests)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= measureTo)
                {
                    break;
                }

                try
                {
                    await target.SendAsync(caller, sequence, cancellationToken);
                    var end = Stopwatch.GetTimestamp();
                    if (start >= measureFrom && end <= measureTo)
                    {
                        latencies.Add(end - start);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (start >= measureFrom)
                    {
                        errors++;
                        firstError ??= ex.GetType().Name + ": " + ex.Message;
                    }
                }

                sequence += options.Concurrency;
            }

            return (latencies, errors, firstError);
        }, cancellationToken)).ToArray();

        var outcomes = await Task.WhenAll(callers);
        var measuredTo = Math.Min(Stopwatch.GetTimestamp(), measureTo);
        var seconds = Math.Max(1e-9, (measuredTo - measureFrom) / (double)Stopwatch.Frequency);
        var sorted = outcomes.SelectMany(o => o.latencies).Order().ToArray();
        return new LoadResult(sorted, seconds, outcomes.Sum(o => o.errors), outcomes.Select(o => o.firstError).FirstOrDefault(e => e is not null));
    }
}
