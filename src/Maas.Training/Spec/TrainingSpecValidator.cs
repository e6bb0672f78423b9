using Maas.Core;

namespace Maas.Training.Spec;

/// <summary>
/// Checks a spec's ranges before a job is queued, so a bad spec is a 400 naming the field rather than a failed job.
/// Checks that need the data (columns exist, C·H·W matches the features) run when the job starts.
/// </summary>
public static class TrainingSpecValidator
{
    /// <summary>Throws <see cref="ErrorCode.InvalidArgument"/> naming the first bad field.</summary>
    public static void Validate(TrainingSpec spec, TrainingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(limits);
        Require(spec.Epochs >= 1 && spec.Epochs <= limits.MaxEpochs, "epochs", $"must be between 1 and {limits.MaxEpochs}");
        Require(spec.BatchSize is >= 1 and <= 65_536, "batchSize", "must be between 1 and 65536");
        // TODO(trainer): every other field.
    }

    internal static void Require(bool condition, string field, string rule)
    {
        if (!condition)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Training spec field '{field}' {rule}.");
        }
    }
}
