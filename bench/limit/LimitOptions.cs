using System.Globalization;

namespace Limit;

/// <summary>Command line of the limit tool.</summary>
internal sealed record LimitOptions(
    string ModelPath,
    IReadOnlyList<int> Batches,
    double Seconds,
    double WarmupSeconds,
    int IntraOpThreads,
    int InterOpThreads,
    int Callers,
    (int Min, int Max)? Sequence,
    int Vocabulary,
    int MaxRunsPerBatch)
{
    public const string Usage = """
        usage: limit --model PATH [--batches 1,2,4,8,16,32] [--seconds 5] [--warmup 1] [--intra-op 0] [--inter-op 0]
                     [--callers 1] [--sequence 16-64] [--vocab 8000] [--max-runs 1000000]
          --intra-op/--inter-op  ONNX Runtime thread pools; 0 = its default (one per physical core), as Maas's intraOpThreads 0
          --callers              threads calling Run concurrently on the one session (1 = back to back)
          --sequence             range for symbolic dimensions other than the first (text_encoder), drawn per run
        """;

    public static LimitOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'\n{Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        double Real(string name, double fallback) => double.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var model = values.GetValueOrDefault("model") ?? throw new ArgumentException("--model is required\n" + Usage);
        var batches = Get("batches", "1,2,4,8,16,32").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
        (int, int)? sequence = null;
        if (values.TryGetValue("sequence", out var range))
        {
            var parts = range.Split('-');
            sequence = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[^1], CultureInfo.InvariantCulture));
        }

        return new LimitOptions(model, batches, Real("seconds", 5), Real("warmup", 1), Int("intra-op", 0), Int("inter-op", 0),
            Int("callers", 1), sequence, Int("vocab", 8000), Int("max-runs", 1_000_000));
    }
}
