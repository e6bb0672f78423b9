using System.Globalization;

namespace GrpcLoad;

/// <summary>Command line of the load generator.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        usage: grpc-load grpc --target http://HOST:PORT --model NAME[,NAME…] --input NAME --datatype FP32 --shape 1,30 --raw FILE
                              [--channels 1] [common options]
               grpc-load http --base http://HOST:PORT --manifest FILE [--order cycle|random] [common options]
        common: [--concurrency 64] [--duration 15] [--warmup 3] [--max-requests 5000000] [--timeout 30]
          --raw       the input tensor's bytes (little-endian, row-major), sent as raw_input_contents
          --model     several names are used round-robin (the many-models scenario)
          --manifest  lines of "PATH BODYFILE [INFERENCE-HEADER-CONTENT-LENGTH]"; a length > 0 marks a binary-extension body
        MAAS_API_KEY, when set, is sent as "Authorization: Bearer …" (HTTP header / gRPC metadata).
        """;

    private readonly Dictionary<string, string> _values;

    private LoadOptions(Dictionary<string, string> values) => _values = values;

    public int Concurrency => Int("concurrency", 64);

    public TimeSpan Duration => TimeSpan.FromSeconds(Real("duration", 15));

    public TimeSpan Warmup => TimeSpan.FromSeconds(Real("warmup", 3));

    public long MaxRequests => long.Parse(Get("max-requests", "5000000"), CultureInfo.InvariantCulture);

    public TimeSpan Timeout => TimeSpan.FromSeconds(Real("timeout", 30));

    public static string? ApiKey => Environment.GetEnvironmentVariable("MAAS_API_KEY") is { Length: > 0 } key ? key : null;

    public static LoadOptions Parse(string[] args)
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

        return new LoadOptions(values);
    }

    public string Required(string name) =>
        _values.GetValueOrDefault(name) ?? throw new ArgumentException($"--{name} is required\n{Usage}");

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private double Real(string name, double fallback) =>
        double.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
