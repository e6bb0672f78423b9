using Maas.Core;
using Maas.Training.Data;
using Maas.Training.Spec;

namespace Maas.Server.Training;

/// <summary>The training limits of <see cref="MaasServerOptions"/>, checked at start-up and handed to the trainer.</summary>
internal sealed class TrainingSettings
{
    private TrainingSettings(TrainingLimits limits) => Limits = limits;

    /// <summary>The limits as the trainer and the spec validator take them.</summary>
    public TrainingLimits Limits { get; }

    /// <summary>The bounds a pushed or trained-on CSV must keep.</summary>
    public CsvReadLimits CsvLimits => new(Limits.MaxDatasetRows, Limits.MaxDatasetColumns);

    /// <summary>Checks the options, naming the flag of the first bad one, and builds the settings.</summary>
    public static TrainingSettings From(MaasServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require(options.MaxDatasetRows >= 1, "--max-dataset-rows must be at least 1.");
        Require(options.MaxDatasetColumns >= 2, "--max-dataset-columns must be at least 2 (a feature and a target).");
        Require(options.MaxTrainingParameters >= 1, "--max-training-parameters must be at least 1.");
        Require(options.MaxTrainingEpochs >= 1, "--max-training-epochs must be at least 1.");
        Require(options.MaxJobDuration > TimeSpan.Zero, "--max-job-duration must be positive.");
        Require(options.MaxConcurrentJobs is >= 1 and <= 64, "--max-training-jobs must be between 1 and 64.");
        return new TrainingSettings(new TrainingLimits
        {
            MaxDatasetRows = options.MaxDatasetRows,
            MaxDatasetColumns = options.MaxDatasetColumns,
            MaxParameters = options.MaxTrainingParameters,
            MaxEpochs = options.MaxTrainingEpochs,
            MaxJobDuration = options.MaxJobDuration,
            MaxConcurrentJobs = options.MaxConcurrentJobs,
        });
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw MaasException.Invalid(message);
        }
    }
}
