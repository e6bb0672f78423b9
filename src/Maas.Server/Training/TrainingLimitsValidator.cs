using Maas.Core.Configuration;
using Maas.Server.Hosting.Configuration;
using Maas.Training.Spec;
using Microsoft.Extensions.Options;

namespace Maas.Server.Training;

/// <summary>The ranges of the training limits (configuration section <c>Maas:Training</c>).</summary>
internal sealed class TrainingLimitsValidator : IValidateOptions<TrainingLimits>
{
    public ValidateOptionsResult Validate(string? name, TrainingLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new OptionChecks();
        checks.AtLeast(nameof(options.MaxDatasetRows), options.MaxDatasetRows, 1);
        checks.Require(options.MaxDatasetColumns >= 2, $"{nameof(options.MaxDatasetColumns)} must be at least 2 (a feature and a target).");
        checks.AtLeast(nameof(options.MaxParameters), options.MaxParameters, 1);
        checks.AtLeast(nameof(options.MaxEpochs), options.MaxEpochs, 1);
        checks.Require(options.MaxJobDuration > TimeSpan.Zero, $"{nameof(options.MaxJobDuration)} must be positive.");
        checks.AtLeast(nameof(options.MaxJobMemoryBytes), options.MaxJobMemoryBytes, 64L << 20);
        checks.AtLeast(nameof(options.MaxActiveJobsPerKey), options.MaxActiveJobsPerKey, 1);
        checks.AtLeast(nameof(options.MaxDatasetsPerKey), options.MaxDatasetsPerKey, 1);
        checks.AtLeast(nameof(options.MaxDatasetVersions), options.MaxDatasetVersions, 1);
        checks.Between(nameof(options.MaxConcurrentJobs), options.MaxConcurrentJobs, 1, 64);
        checks.Between(nameof(options.TrainingThreads), options.TrainingThreads, 1, 64);
        return checks.ToResult();
    }
}
