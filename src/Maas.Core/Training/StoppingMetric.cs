using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>The validation metric early stopping watches; in JSON <c>loss</c>, <c>accuracy</c> or <c>r2</c>.</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<StoppingMetric>))]
public enum StoppingMetric
{
    /// <summary>Validation loss (lower is better).</summary>
    Loss,

    /// <summary>Validation accuracy (classifiers; higher is better).</summary>
    Accuracy,

    /// <summary>Validation R² (regression; higher is better).</summary>
    R2,
}
