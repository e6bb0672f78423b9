using Maas.Training.Data;
using Maas.Training.Spec;
using Microsoft.Extensions.Options;

namespace Maas.Server.Training;

/// <summary>
/// The training limits (configuration section <c>Maas:Training</c>, checked at start-up by
/// <see cref="TrainingLimitsValidator"/>) in the two shapes the trainer and the CSV reader take them.
/// </summary>
internal sealed class TrainingSettings(IOptions<TrainingLimits> options)
{
    /// <summary>The limits as the trainer and the spec validator take them.</summary>
    public TrainingLimits Limits { get; } = options.Value;

    /// <summary>The bounds a pushed or trained-on CSV must keep.</summary>
    public CsvReadLimits CsvLimits => new(Limits.MaxDatasetRows, Limits.MaxDatasetColumns) { MaxMemoryBytes = Limits.MaxJobMemoryBytes };
}
