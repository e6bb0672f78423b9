using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>
/// How one feature column becomes model inputs: for a numeric column, impute then standardise into one value; for a
/// categorical column, one-hot over the categories seen in the training split. Part of a <see cref="FeaturePlan"/>;
/// serialisable with System.Text.Json (web defaults), so checkpoints and model metadata can carry it.
/// </summary>
internal sealed record FeatureTransform
{
    /// <summary>The dataset column.</summary>
    public required string Column { get; init; }

    /// <summary>The column's kind, which decides the transform.</summary>
    public required DatasetColumnKind Kind { get; init; }

    /// <summary>
    /// The served model's input carrying the raw value: <see cref="FeaturePlan.NumericInputName"/> for numeric
    /// columns (column <see cref="InputIndex"/> of that FLOAT [N, k] input), and for a categorical column a STRING
    /// [N, 1] input named after the column (see <see cref="FeaturePlan.InputNameFor"/>).
    /// </summary>
    public required string Input { get; init; }

    /// <summary>For numeric features, the column of the shared numeric input; 0 for categorical features.</summary>
    public int InputIndex { get; init; }

    /// <summary>The first column of this feature in the preprocessed row.</summary>
    public int Offset { get; init; }

    /// <summary>How many preprocessed columns this feature produces: 1 for numeric, the category count for categorical.</summary>
    public int Width { get; init; }

    /// <summary>Numeric: the value that replaces a missing one (NaN), fitted on the training split.</summary>
    public float Fill { get; init; }

    /// <summary>Numeric: subtracted after imputation (the training split's mean of the imputed values).</summary>
    public float Mean { get; init; }

    /// <summary>Numeric: the divisor after centring (the training split's population standard deviation; 1 when that is 0).</summary>
    public float Scale { get; init; } = 1;

    /// <summary>Categorical: the one-hot categories in order (ordinal sort); a label not listed encodes as all zeros.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Categorical: the category a missing label (null, or an empty string at serving time) is encoded as.</summary>
    public string? FillCategory { get; init; }
}
