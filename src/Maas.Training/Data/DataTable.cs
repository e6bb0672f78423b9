using Maas.Core;

namespace Maas.Training.Data;

/// <summary>
/// A dataset in memory, stored by column (numbers as <c>double[]</c>, labels as interned strings). Produced by
/// <see cref="CsvDatasetReader"/>; within Maas.Training (and its tests) also built directly from columns.
/// </summary>
public sealed class DataTable
{
    private readonly Dictionary<string, DataColumn> _byName;

    /// <summary>A table over <paramref name="columns"/>, which must have distinct names and the same length.</summary>
    /// <exception cref="ArgumentException">Names repeat or lengths differ.</exception>
    internal DataTable(IReadOnlyList<DataColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _byName = new Dictionary<string, DataColumn>(columns.Count, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Two columns are named '{column.Name}'.", nameof(columns));
            }

            if (column.Length != columns[0].Length)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows; '{columns[0].Name}' has {columns[0].Length}.", nameof(columns));
            }
        }

        Columns = columns;
        RowCount = columns.Count == 0 ? 0 : columns[0].Length;
    }

    /// <summary>The columns in file order.</summary>
    public IReadOnlyList<DataColumn> Columns { get; }

    /// <summary>The number of data rows (the header is not a row).</summary>
    public int RowCount { get; }

    /// <summary>The column called <paramref name="name"/> (exact, case-sensitive).</summary>
    /// <exception cref="MaasException"><see cref="ErrorCode.InvalidArgument"/> when there is no such column.</exception>
    public DataColumn this[string name] =>
        TryGetColumn(name, out var column)
            ? column
            : throw new MaasException(ErrorCode.InvalidArgument, $"The dataset has no column '{name}'. Its columns are: {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>Looks a column up by its exact name.</summary>
    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DataColumn? column) =>
        _byName.TryGetValue(name, out column);
}
