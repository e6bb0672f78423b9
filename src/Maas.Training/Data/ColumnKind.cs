using System.Text.Json.Serialization;
using Maas.Core;

namespace Maas.Training.Data;

/// <summary>How a dataset column is read: numbers, or labels (any text that is not all numbers is a category).</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<ColumnKind>))]
public enum ColumnKind
{
    /// <summary>Every non-missing value parses as a finite number (invariant culture); stored as doubles.</summary>
    Numeric,

    /// <summary>Text, treated as a categorical label (exact, case-sensitive values).</summary>
    Categorical,
}
