using Maas.Core.Configuration;
using Maas.Server.Hosting.Configuration;
using Microsoft.Extensions.Options;

namespace Maas.Server.Hosting;

/// <summary>
/// The ranges of <see cref="LimitsOptions"/>, checked before the server creates anything on disk, so a bad value
/// stops it with a sentence instead of failing later inside Kestrel or on the first request.
/// </summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    // The header total must hold Kestrel's default 8 KiB request line as well as the headers.
    private const int MinHeaderBytes = 8 * 1024;

    // An inference request needs four levels (request, inputs, input, data); the ONNX inspector admits rank 64.
    private const int MinJsonDepth = 4;
    private const int MaxJsonDepth = 1000;
    private const int MaxRank = 64;

    // HTTP/2's own bounds: a window may not be below the protocol's initial 65,535 bytes nor above 2^31 - 1.
    private const int MinWindowBytes = 65_535;

    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new OptionChecks();
        checks.AtLeast(nameof(options.MaxModelBytes), options.MaxModelBytes, 1);
        checks.AtLeast(nameof(options.MaxGraphNodes), options.MaxGraphNodes, 1);
        checks.AtLeast(nameof(options.MaxGraphDepth), options.MaxGraphDepth, 1);
        checks.AtLeast(nameof(options.MaxInferenceBodyBytes), options.MaxInferenceBodyBytes, 1);
        checks.AtLeast(nameof(options.MaxManagementBodyBytes), options.MaxManagementBodyBytes, 1);
        checks.AtLeast(nameof(options.MaxTensorElements), options.MaxTensorElements, 1);
        checks.Between(nameof(options.MaxTensorRank), options.MaxTensorRank, 1, MaxRank);
        checks.Between(nameof(options.MaxJsonDepth), options.MaxJsonDepth, MinJsonDepth, MaxJsonDepth);
        checks.AtLeast(nameof(options.MaxRequestHeaderBytes), options.MaxRequestHeaderBytes, MinHeaderBytes);
        checks.AtLeast(nameof(options.MaxConnections), options.MaxConnections, 1);
        checks.AtLeast(nameof(options.MaxStreamsPerConnection), options.MaxStreamsPerConnection, 1);
        checks.Between(nameof(options.Http2ConnectionWindowBytes), options.Http2ConnectionWindowBytes, MinWindowBytes, int.MaxValue);
        checks.Between(nameof(options.Http2StreamWindowBytes), options.Http2StreamWindowBytes, MinWindowBytes, Math.Max(MinWindowBytes, options.Http2ConnectionWindowBytes));
        checks.Require(
            double.IsFinite(options.MinDataRateBytesPerSecond) && options.MinDataRateBytesPerSecond >= 0,
            $"{nameof(options.MinDataRateBytesPerSecond)} must be a number of bytes per second, 0 or more (0 turns the check off).");

        // Kestrel checks rates once a second and refuses a grace period it could not honour.
        checks.Require(options.MinDataRateGracePeriod > TimeSpan.FromSeconds(1), $"{nameof(options.MinDataRateGracePeriod)} must be longer than 1 second.");
        checks.Require(
            options.RequestTimeout == Timeout.InfiniteTimeSpan || options.RequestTimeout > TimeSpan.Zero,
            $"{nameof(options.RequestTimeout)} must be longer than zero, or infinite.");
        return checks.ToResult();
    }
}
