using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>What a dataset holds: its row count and each column's kind and statistics (see <see cref="DatasetProfiler"/>).</summary>
/// <param name="Rows">The number of data rows.</param>
/// <param name="Columns">One entry per column, in file order.</param>
public sealed record DatasetSchema(long Rows, IReadOnlyList<ColumnSchema> Columns);

/// <summary>One column's kind and statistics. Every figure ignores missing values.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Count">The number of non-missing values.</param>
/// <param name="Missing">The number of missing values.</param>
/// <param name="Mean">The mean of a numeric column; null for categorical columns and when no value is present.</param>
/// <param name="Std">The sample standard deviation (divisor n − 1) of a numeric column; null when fewer than two values are present.</param>
/// <param name="Min">The smallest value of a numeric column, else null.</param>
/// <param name="Max">The largest value of a numeric column, else null.</param>
/// <param name="Distinct">The number of distinct non-missing values (both kinds).</param>
/// <param name="TopCategories">Up to ten most frequent labels of a categorical column (count descending, then label ordinal); empty for numeric columns.</param>
public sealed record ColumnSchema(
    string Name,
    DatasetColumnKind Kind,
    long Count,
    long Missing,
    double? Mean,
    double? Std,
    double? Min,
    double? Max,
    long Distinct,
    IReadOnlyList<CategoryCount> TopCategories);

/// <summary>A label and how many rows carry it.</summary>
/// <param name="Value">The label.</param>
/// <param name="Count">The number of rows with that label.</param>
public sealed record CategoryCount(string Value, long Count);
