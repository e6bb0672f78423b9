using System.Globalization;
using Maas.Core;

namespace Maas.Server.Hosting;

/// <summary>
/// Checks the limits of <see cref="MaasServerOptions"/> at start-up, so a bad value stops the server with a sentence
/// naming the <c>maas serve</c> flag instead of failing later inside Kestrel or on the first request.
/// </summary>
internal static class LimitsValidator
{
    // The header total must hold Kestrel's default 8 KiB request line as well as the headers.
    private const int MinHeaderBytes = 8 * 1024;

    // An inference request needs four levels (request, inputs, input, data); the ONNX inspector admits rank 64.
    private const int MinJsonDepth = 4;
    private const int MaxJsonDepth = 1000;
    private const int MaxRank = 64;

    /// <exception cref="MaasException"><see cref="ErrorCode.InvalidArgument"/> naming the first bad flag.</exception>
    public static void Validate(MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AtLeast("--max-inference-bytes", options.MaxInferenceBodyBytes, 1);
        AtLeast("--max-management-bytes", options.MaxManagementBodyBytes, 1);
        AtLeast("--max-tensor-elements", options.MaxTensorElements, 1);
        Between("--max-tensor-rank", options.MaxTensorRank, 1, MaxRank);
        Between("--max-json-depth", options.MaxJsonDepth, MinJsonDepth, MaxJsonDepth);
        AtLeast("--max-header-bytes", options.MaxRequestHeaderBytes, MinHeaderBytes);
        if (!double.IsFinite(options.MinDataRateBytesPerSecond) || options.MinDataRateBytesPerSecond < 0)
        {
            throw Invalid("--min-data-rate must be a number of bytes per second, 0 or more (0 turns the check off).");
        }

        // Kestrel checks rates once a second and refuses a grace period it could not honour.
        if (options.MinDataRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            throw Invalid("--min-data-rate-grace must be longer than 1 second.");
        }

        if (options.RequestTimeout != Timeout.InfiniteTimeSpan && options.RequestTimeout <= TimeSpan.Zero)
        {
            throw Invalid("--request-timeout must be longer than zero, or 'infinite'.");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            throw Invalid("--shutdown-timeout must be zero or more.");
        }
    }

    private static void AtLeast(string flag, long value, long min)
    {
        if (value < min)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{flag} must be at least {min}; {value} was given."));
        }
    }

    private static void Between(string flag, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{flag} must be between {min} and {max}; {value} was given."));
        }
    }

    private static MaasException Invalid(string message) => MaasException.Invalid(message);
}
