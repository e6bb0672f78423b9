using Maas.Core.Configuration;
using Maas.Server.Hosting.Configuration;
using Maas.Server.Training.Worker;
using Microsoft.Extensions.Options;

namespace Maas.Server.Training;

/// <summary>Checks <see cref="TrainingIsolationOptions"/>: a known mode, and a worker executable when it asks for one.</summary>
internal sealed class TrainingIsolationOptionsValidator : IValidateOptions<TrainingIsolationOptions>
{
    public ValidateOptionsResult Validate(string? name, TrainingIsolationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new OptionChecks();
        var known = TrainingIsolationOptions.Modes.Contains(options.Isolation, StringComparer.OrdinalIgnoreCase);
        checks.Require(known, $"{nameof(options.Isolation)} must be one of {string.Join(", ", TrainingIsolationOptions.Modes)}; '{options.Isolation}' was given.");
        checks.Require(
            !string.Equals(options.Isolation, TrainingIsolationOptions.Process, StringComparison.OrdinalIgnoreCase) || WorkerCommand.OfThisProcess() is not null,
            $"{nameof(options.Isolation)} {TrainingIsolationOptions.Process} needs the server to run as the maas executable (maas serve), which starts its workers; this host can only train in-process.");
        return checks.ToResult();
    }
}
