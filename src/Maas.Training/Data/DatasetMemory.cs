namespace Maas.Training.Data;

/// <summary>
/// What a dataset costs in memory, as <see cref="CsvDatasetReader"/> stores it: 8 bytes per numeric cell (a double),
/// 4 bytes per categorical cell (the index of its label) and each distinct label of a column once. Every cell takes at
/// least one byte of the file (its comma or line break), so the cells take at most 8 times the file's size; the
/// distinct labels add at most <see cref="LabelOverheadBytes"/> plus 2 bytes per character each.
/// </summary>
public static class DatasetMemory
{
    /// <summary>The bytes one numeric cell takes: a double.</summary>
    public const int NumericCellBytes = sizeof(double);

    /// <summary>The bytes one categorical cell takes: the index of its label.</summary>
    public const int CategoricalCellBytes = sizeof(int);

    /// <summary>
    /// The bytes a distinct label takes beyond its characters: the string's header and length (24 bytes with
    /// alignment), its slot in the column's label array (8) and, while the file is read, its entry in the lookup that
    /// shares equal labels and that lookup's spare room (48).
    /// </summary>
    public const int LabelOverheadBytes = 80;

    /// <summary>The bytes one distinct label of <paramref name="characters"/> UTF-16 characters takes.</summary>
    public static long LabelBytes(int characters) => LabelOverheadBytes + (2L * characters);

    /// <summary>What <paramref name="table"/> takes by this count (its cells and each column's distinct labels).</summary>
    internal static long TableBytes(DataTable table)
    {
        long bytes = 0;
        foreach (var column in table.Columns)
        {
            if (column is CategoricalColumn categorical)
            {
                bytes += (long)categorical.Length * CategoricalCellBytes;
                foreach (var label in categorical.Labels)
                {
                    bytes += LabelBytes(label.Length);
                }
            }
            else
            {
                bytes += (long)column.Length * NumericCellBytes;
            }
        }

        return bytes;
    }
}
