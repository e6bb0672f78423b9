namespace Maas.Training.Data;

/// <summary>
/// Bounds on a CSV file read by <see cref="CsvDatasetReader"/>; exceeding one rejects the file with the line and
/// column where the limit was crossed.
/// </summary>
/// <param name="MaxRows">The most data rows (the header is not counted).</param>
/// <param name="MaxColumns">The most columns in the header.</param>
public sealed record CsvReadLimits(long MaxRows, int MaxColumns)
{
    /// <summary>The longest single field in characters, so one runaway quote cannot buffer a whole file. Defaults to 1 Mi characters.</summary>
    public int MaxFieldLength { get; init; } = 1 << 20;
}
