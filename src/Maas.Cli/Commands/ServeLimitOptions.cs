using System.CommandLine;
using Maas.Server;

namespace Maas.Cli.Commands;

/// <summary>
/// The <c>maas serve</c> flags for request limits, timeouts and slow clients, kept apart from the other serve flags
/// so that the list of limits reads in one place. Defaults come from <see cref="MaasServerOptions"/>.
/// </summary>
internal sealed class ServeLimitOptions
{
    private readonly Option<long> _maxManagementBytes;
    private readonly Option<long> _maxTensorElements;
    private readonly Option<int> _maxTensorRank;
    private readonly Option<int> _maxJsonDepth;
    private readonly Option<long> _maxHeaderBytes;
    private readonly Option<double> _minDataRate;
    private readonly Option<string> _minDataRateGrace;
    private readonly Option<string> _requestTimeout;
    private readonly Option<string> _shutdownTimeout;

    public ServeLimitOptions(MaasServerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        _maxManagementBytes = Bytes("--max-management-bytes", "The largest body of any other request (management JSON, repository calls)", defaults.MaxManagementBodyBytes);
        _maxTensorElements = Number<long>("--max-tensor-elements", "The most elements one tensor may hold, in a request or a model's declared shapes.", defaults.MaxTensorElements);
        _maxTensorRank = Number<int>("--max-tensor-rank", "The most dimensions an inference input may have.", defaults.MaxTensorRank);
        _maxJsonDepth = Number<int>("--max-json-depth", "The deepest nesting of JSON objects and arrays in a request body.", defaults.MaxJsonDepth);
        _maxHeaderBytes = Bytes("--max-header-bytes", "The largest total size of a request's headers", defaults.MaxRequestHeaderBytes);
        _minDataRate = Number<double>("--min-data-rate", "The slowest a client may send a body or read an answer, in bytes per second, after the grace period; 0 turns the check off.", defaults.MinDataRateBytesPerSecond);
        _minDataRateGrace = Duration("--min-data-rate-grace", "How long a transfer may run below --min-data-rate before the connection is closed.", defaults.MinDataRateGracePeriod, allowInfinite: false);
        _requestTimeout = Duration("--request-timeout", "The longest one inference request may take; then REST answers 504 and gRPC DEADLINE_EXCEEDED. 'infinite' turns it off.", defaults.RequestTimeout, allowInfinite: true);
        _shutdownTimeout = Duration("--shutdown-timeout", "How long a stop (SIGTERM, Ctrl+C) waits for requests in flight before it cuts them off.", defaults.ShutdownTimeout, allowInfinite: false);
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_maxManagementBytes);
        command.Options.Add(_maxTensorElements);
        command.Options.Add(_maxTensorRank);
        command.Options.Add(_maxJsonDepth);
        command.Options.Add(_maxHeaderBytes);
        command.Options.Add(_minDataRate);
        command.Options.Add(_minDataRateGrace);
        command.Options.Add(_requestTimeout);
        command.Options.Add(_shutdownTimeout);
    }

    /// <summary>Copies the parsed values into <paramref name="options"/>; the server validates their ranges at start-up.</summary>
    public void ApplyTo(ParseResult parseResult, MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        options.MaxManagementBodyBytes = parseResult.GetValue(_maxManagementBytes);
        options.MaxTensorElements = parseResult.GetValue(_maxTensorElements);
        options.MaxTensorRank = parseResult.GetValue(_maxTensorRank);
        options.MaxJsonDepth = parseResult.GetValue(_maxJsonDepth);
        options.MaxRequestHeaderBytes = (int)Math.Min(int.MaxValue, parseResult.GetValue(_maxHeaderBytes));
        options.MinDataRateBytesPerSecond = parseResult.GetValue(_minDataRate);
        options.MinDataRateGracePeriod = DurationOf(parseResult, _minDataRateGrace);
        options.RequestTimeout = DurationOf(parseResult, _requestTimeout);
        options.ShutdownTimeout = DurationOf(parseResult, _shutdownTimeout);
    }

    internal static Option<T> Number<T>(string name, string description, T defaultValue) => new(name)
    {
        HelpName = "N",
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>A size option that takes plain bytes or a unit (500MB, 64KiB, 4GiB); every size flag of <c>serve</c> uses it.</summary>
    internal static Option<long> Bytes(string name, string description, long defaultValue) => new(name)
    {
        HelpName = "BYTES",
        Description = description + ", in bytes or with a unit such as 64KiB, 500MB or 4GiB.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (ByteCount.TryParse(result.Tokens[0].Value, out var bytes) && bytes > 0)
            {
                return bytes;
            }

            result.AddError($"'{result.Tokens[0].Value}' is not a size; use bytes or a unit, such as 1MiB.");
            return 0;
        },
    };

    // A string option, so that help shows the default as "60s"; the validator rejects what DurationText cannot read.
    internal static Option<string> Duration(string name, string description, TimeSpan defaultValue, bool allowInfinite)
    {
        var option = new Option<string>(name)
        {
            HelpName = "DURATION",
            Description = description + " Seconds, or with a unit: 500ms, 30s, 2m.",
            DefaultValueFactory = _ => DurationText.Format(defaultValue),
        };
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>() ?? string.Empty;
            if (!DurationText.TryParse(text, allowInfinite, out _))
            {
                result.AddError($"'{text}' is not a duration; use seconds or a unit, such as 30s or 500ms{(allowInfinite ? ", or infinite" : "")}.");
            }
        });
        return option;
    }

    internal static TimeSpan DurationOf(ParseResult parseResult, Option<string> option) =>
        DurationText.TryParse(parseResult.GetRequiredValue(option), allowInfinite: true, out var duration) ? duration : throw new InvalidOperationException("The validator let a bad duration through.");
}
