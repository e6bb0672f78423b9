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

    /// <summary>
    /// The most bytes the table may take in memory as it is read (<see cref="DatasetMemory"/>); crossing it stops the
    /// read at once with <see cref="Maas.Core.ErrorCode.PayloadTooLarge"/>, before the rest of the file is stored.
    /// Defaults to no limit.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = long.MaxValue;
}
