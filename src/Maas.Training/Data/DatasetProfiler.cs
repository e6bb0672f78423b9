using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>Computes a <see cref="DatasetSchema"/>: the statistics <c>maas datasets show</c> prints and the server stores.</summary>
public static class DatasetProfiler
{
    /// <summary>How many of the most frequent labels a categorical column lists.</summary>
    public const int TopCategoryCount = 10;

    /// <summary>Profiles every column of <paramref name="table"/>. All figures are finite (JSON-safe) or null.</summary>
    public static DatasetSchema Profile(DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = new ColumnSchema[table.Columns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = table.Columns[i] switch
            {
                NumericColumn numeric => ProfileNumeric(numeric),
                CategoricalColumn categorical => ProfileCategorical(categorical),
                var other => throw new ArgumentException($"Unsupported column type {other.GetType().Name}.", nameof(table)),
            };
        }

        return new DatasetSchema(table.RowCount, columns);
    }

    private static ColumnSchema ProfileNumeric(NumericColumn column)
    {
        // Welford's update: one pass, no catastrophic cancellation for large offsets.
        long count = 0;
        double mean = 0, m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var distinct = new HashSet<double>();
        foreach (var value in column.Values)
        {
            if (double.IsNaN(value))
            {
                continue;
            }

            count++;
            var delta = value - mean;
            mean += delta / count;
            m2 += delta * (value - mean);
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            distinct.Add(value);
        }

        return new ColumnSchema(
            column.Name,
            DatasetColumnKind.Numeric,
            count,
            column.Length - count,
            count > 0 ? Finite(mean) : null,
            count > 1 ? Finite(Math.Sqrt(m2 / (count - 1))) : null,
            count > 0 ? min : null,
            count > 0 ? max : null,
            distinct.Count,
            []);
    }

    private static ColumnSchema ProfileCategorical(CategoricalColumn column)
    {
        var counts = CountLabels(column.Values);
        var present = counts.Values.Sum();
        var top = counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(TopCategoryCount)
            .Select(pair => new CategoryCount(pair.Key, pair.Value))
            .ToArray();
        return new ColumnSchema(column.Name, DatasetColumnKind.Categorical, present, column.Length - present, null, null, null, null, counts.Count, top);
    }

    internal static Dictionary<string, long> CountLabels(IEnumerable<string?> labels)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (label is not null)
            {
                counts[label] = counts.GetValueOrDefault(label) + 1;
            }
        }

        return counts;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
