namespace Maas.Core.Training;

/// <summary>One column's inferred kind and statistics, as profiled when the dataset version was pushed.</summary>
/// <param name="Name">The header's name for the column.</param>
/// <param name="Kind">Numeric or categorical.</param>
/// <param name="Count">Values present.</param>
/// <param name="Missing">Values missing (empty cells).</param>
/// <param name="Mean">The mean of a numeric column; <c>null</c> for categorical ones.</param>
/// <param name="Std">The standard deviation of a numeric column.</param>
/// <param name="Min">The smallest value of a numeric column.</param>
/// <param name="Max">The largest value of a numeric column.</param>
/// <param name="Distinct">Distinct present values.</param>
/// <param name="TopCategories">The most frequent values of a categorical column, most frequent first.</param>
public sealed record DatasetColumn(
    string Name,
    DatasetColumnKind Kind,
    long Count,
    long Missing,
    double? Mean,
    double? Std,
    double? Min,
    double? Max,
    long Distinct,
    IReadOnlyList<DatasetCategoryCount> TopCategories);

/// <summary>A category value and how many rows hold it.</summary>
public sealed record DatasetCategoryCount(string Value, long Count);
