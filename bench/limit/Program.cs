using System.Diagnostics;
using System.Globalization;
using Limit;
using Microsoft.ML.OnnxRuntime;

// The limit (docs BENCHMARKS.md baseline 1): ONNX Runtime in-process from C#, one session, the same thread settings
// a server would use, Run called back to back with batch 1, 2, 4 ... for a fixed time each. Prints rows/s per batch
// and the best batch as a Markdown table plus one machine-readable line per batch ("LIMIT batch=… rows_per_s=…").
var options = LimitOptions.Parse(args);
using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.IntraOpThreads, InterOpNumThreads = options.InterOpThreads };
using var session = new InferenceSession(options.ModelPath, sessionOptions);
var feeds = new FeedFactory(session, options);

Console.WriteLine($"model {Path.GetFileName(options.ModelPath)}, intra-op threads {Describe(options.IntraOpThreads)}, callers {options.Callers}, " +
    $"{options.Seconds:0.#} s per batch after {options.WarmupSeconds:0.#} s warm-up, {Environment.ProcessorCount} cores" +
    (options.Sequence is { } s ? $", sequence {s.Min}-{s.Max} (random per run)" : string.Empty));
Console.WriteLine();
Console.WriteLine("| batch | rows/s | runs/s | ms per run (p50) | ms per run (p99) | ratio to batch 1 |");
Console.WriteLine("|---|---|---|---|---|---|");

double? batchOne = null;
var batchOneLatency = (P50: 0.0, P99: 0.0);
(int Batch, double RowsPerSecond, double P50, double P99) best = (0, 0, 0, 0);
foreach (var batch in options.Batches)
{
    Measure(batch, options.WarmupSeconds);
    var (rowsPerSecond, runsPerSecond, p50, p99) = Measure(batch, options.Seconds);
    if (batchOne is null)
    {
        batchOne = rowsPerSecond;
        batchOneLatency = (p50, p99);
    }

    if (rowsPerSecond > best.RowsPerSecond)
    {
        best = (batch, rowsPerSecond, p50, p99);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {batch} | {rowsPerSecond:0.0} | {runsPerSecond:0.0} | {p50:0.000} | {p99:0.000} | {rowsPerSecond / batchOne.Value:0.00} |"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best batch {best.Batch}: {best.RowsPerSecond:0.0} rows/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"LIMIT model={Path.GetFileNameWithoutExtension(options.ModelPath)} batch1_rows_per_s={batchOne:0.0} batch1_p50_us={batchOneLatency.P50 * 1000:0} batch1_p99_us={batchOneLatency.P99 * 1000:0} " +
    $"best_batch={best.Batch} best_rows_per_s={best.RowsPerSecond:0.0} best_p50_us={best.P50 * 1000:0} best_p99_us={best.P99 * 1000:0}"));
return 0;

(double RowsPerSecond, double RunsPerSecond, double P50Ms, double P99Ms) Measure(int batch, double seconds)
{
    var prepared = feeds.CreateAll(batch, new Random(batch));
    var perCaller = new List<long>[options.Callers];
    var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    var start = Stopwatch.GetTimestamp();
    Parallel.For(0, options.Callers, new ParallelOptions { MaxDegreeOfParallelism = options.Callers }, caller =>
    {
        var latencies = perCaller[caller] = new List<long>(4096);
        var random = new Random(caller);
        using var runOptions = new RunOptions();
        while (Stopwatch.GetTimestamp() < deadline && latencies.Count < options.MaxRunsPerBatch)
        {
            var inputs = prepared[random.Next(prepared.Count)];
            var begin = Stopwatch.GetTimestamp();
            using var results = session.Run(runOptions, inputs.Names, inputs.Values, session.OutputNames);
            latencies.Add(Stopwatch.GetTimestamp() - begin);
        }
    });
    var elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
    foreach (var inputs in prepared)
    {
        inputs.Dispose();
    }

    var all = perCaller.SelectMany(l => l).Order().ToArray();
    double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency;
    return (all.Length * batch / elapsed, all.Length / elapsed, Percentile(0.50), Percentile(0.99));
}

static string Describe(int threads) => threads == 0 ? "0 (ONNX Runtime default)" : threads.ToString(CultureInfo.InvariantCulture);
