using System.Diagnostics;
using System.Globalization;

namespace GrpcLoad;

/// <summary>The measured window: every successful request's latency (sorted), the window length and the failures.</summary>
internal sealed class LoadResult(long[] sortedTicks, double seconds, long errors, string? firstError)
{
    public long Requests => sortedTicks.Length;

    public void Print(TextWriter output, string what, LoadOptions options)
    {
        var rps = Requests / seconds;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"{what}: {options.Concurrency} concurrent, {seconds:0.0} s measured after {options.Warmup.TotalSeconds:0.#} s warm-up"));
        output.WriteLine(string.Create(inv,
            $"  {Requests} requests, {rps:0.0} req/s, latency p50 {Us(0.50) / 1000.0:0.000} ms, p90 {Us(0.90) / 1000.0:0.000} ms, p99 {Us(0.99) / 1000.0:0.000} ms, max {Us(1.0) / 1000.0:0.000} ms, {errors} errors"));
        if (firstError is not null)
        {
            output.WriteLine("  first error: " + firstError);
        }

        output.WriteLine(string.Create(inv,
            $"RESULT requests={Requests} duration_us={(long)(seconds * 1e6)} rps={rps:0.0} p50_us={Us(0.50):0} p90_us={Us(0.90):0} p99_us={Us(0.99):0} max_us={Us(1.0):0} errors={errors}"));
    }

    private double Us(double percentile)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var index = Math.Min(sortedTicks.Length - 1, (int)Math.Ceiling(percentile * sortedTicks.Length) - 1);
        return sortedTicks[Math.Max(0, index)] * 1e6 / Stopwatch.Frequency;
    }
}
