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
        // Counted by label index, so profiling costs one counter per distinct label rather than a lookup per row.
        var counts = new long[column.Labels.Length];
        long present = 0;
        foreach (var code in column.Codes)
        {
            if (code >= 0)
            {
                counts[code]++;
                present++;
            }
        }

        var top = Enumerable.Range(0, counts.Length)
            .Where(code => counts[code] > 0)
            .OrderByDescending(code => counts[code])
            .ThenBy(code => column.Labels[code], StringComparer.Ordinal)
            .Take(TopCategoryCount)
            .Select(code => new CategoryCount(column.Labels[code], counts[code]))
            .ToArray();
        var distinct = counts.Count(count => count > 0);
        return new ColumnSchema(column.Name, DatasetColumnKind.Categorical, present, column.Length - present, null, null, null, null, distinct, top);
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
