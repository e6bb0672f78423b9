// Trains each bench case with Maas's TrainingRunner and writes, per case, the exact preprocessed splits, the
// hyper-parameters, Maas's test metrics and its time per epoch to one JSON file that torch_bench.py reads.
// Usage: training-bench <fixtures/datasets dir> <out.json> [case ...] [--threads N] [--seeds N]
// With --seeds N each case runs with seeds 42 … 42+N−1 (the seed picks the split, the initial weights and the shuffles).
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maas.Core.Training;
using Maas.Training.Data;
using Maas.Training.Engine;
using Maas.Training.Spec;
using TrainingBench;

var positional = new List<string>();
var threads = 1;
var seeds = 1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads":
            threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--seeds":
            seeds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        default:
            positional.Add(args[i]);
            break;
    }
}

var datasets = positional.Count > 0 ? positional[0] : "../shared/fixtures/datasets";
var output = positional.Count > 1 ? positional[1] : "training-bench.json";
var only = positional.Skip(2).ToHashSet();

var results = new JsonArray();
foreach (var benchCase in Cases.All.Where(c => only.Count == 0 || only.Contains(c.Name)).SelectMany(c => Enumerable.Range(0, seeds).Select(s => c with { Spec = c.Spec with { Seed = 42 + s } })))
{
    await using var stream = File.OpenRead(Path.Combine(datasets, benchCase.Dataset + ".csv"));
    var table = await CsvDatasetReader.ReadAsync(stream, new CsvReadLimits(1_000_000, 10_000), CancellationToken.None);
    var observer = new TimingObserver();
    var started = Stopwatch.GetTimestamp();
    var outcome = await new TrainingRunner(new TrainingLimits { TrainingThreads = threads }, TimeProvider.System).RunAsync(table, benchCase.Spec, observer, null, DateTimeOffset.UtcNow, CancellationToken.None);
    var total = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var prepared = DataPreparation.Prepare(table, benchCase.Spec);
    var epochTimes = observer.EpochSeconds.Skip(1).ToArray(); // the first epoch includes session creation
    var median = epochTimes.Length > 0 ? epochTimes.Order().ElementAt(epochTimes.Length / 2) : total;
    var metric = outcome.Task == TaskKind.Regression ? "r2" : "accuracy";
    Console.WriteLine($"{benchCase.Name,-20} seed {benchCase.Spec.Seed}  maas: test {metric} {outcome.Metrics["test"][metric]:F4}, {median * 1000:F2} ms/epoch (median of {epochTimes.Length}), total {total:F2} s");
    results.Add(new JsonObject
    {
        ["name"] = benchCase.Name,
        ["dataset"] = benchCase.Dataset,
        ["task"] = outcome.Task.ToString().ToLowerInvariant(),
        ["classes"] = outcome.ClassNames?.Count ?? 0,
        ["spec"] = JsonSerializer.SerializeToNode(benchCase.Spec, JsonOptions.Web),
        ["threads"] = threads,
        ["seed"] = benchCase.Spec.Seed,
        ["train"] = Split(prepared.Train),
        ["validation"] = Split(prepared.Validation),
        ["test"] = Split(prepared.Test),
        ["maas"] = new JsonObject
        {
            ["metrics"] = JsonSerializer.SerializeToNode(outcome.Metrics, JsonOptions.Web),
            ["epochs"] = outcome.EpochsRun,
            ["epochSeconds"] = new JsonArray(observer.EpochSeconds.Select(s => (JsonNode)s).ToArray()),
            ["medianEpochSeconds"] = median,
            ["totalSeconds"] = total,
        },
    });
}

await File.WriteAllTextAsync(output, results.ToJsonString());
Console.WriteLine($"wrote {output}");

static JsonObject Split(SplitData split) => new()
{
    ["rows"] = split.Rows,
    ["width"] = split.Width,
    ["x"] = new JsonArray(split.Features.Select(v => (JsonNode)v).ToArray()),
    ["y"] = new JsonArray(split.Targets.Select(v => (JsonNode)v).ToArray()),
};
