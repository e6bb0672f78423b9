using System.Text.Json.Serialization;

namespace Maas.Core.Training;

/// <summary>
/// How a dataset column is read: numbers, or labels (a column whose present values are not all numbers is categorical).
/// In JSON <c>numeric</c> or <c>categorical</c>.
/// </summary>
[JsonConverter(typeof(LowerCaseEnumConverter<DatasetColumnKind>))]
public enum DatasetColumnKind
{
    /// <summary>Every present value parses as a finite number (invariant culture); the values are read as doubles.</summary>
    Numeric,

    /// <summary>Text, used as a categorical label (exact, case-sensitive values).</summary>
    Categorical,
}
