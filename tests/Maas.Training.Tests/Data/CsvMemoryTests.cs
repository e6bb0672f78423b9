using System.Text;
using Maas.Training.Data;

namespace Maas.Training.Tests.Data;

/// <summary>
/// What reading a dataset costs in memory, measured on generated worst cases: the cells are at most 8 bytes each and
/// every cell takes at least one byte of the file, so the table is at most 8 times the file (plus its distinct labels),
/// and reading it allocates at most twice that.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public sealed class CsvMemoryTests
{
    private const int FileBytes = 4 << 20;
    /// <summary>Buffers and partly filled chunks (at most 128 KiB per column), whatever the file's size.</summary>
    private const long SlackBytes = 4 << 20;

    public static TheoryData<string, string> WorstCases => new()
    {
        // "01" parses as 1 but is not its canonical spelling, so its text must be kept until the column is known.
        { "non-canonical numbers", "01" },
        { "one-digit numbers", "1" },
        { "missing values", string.Empty },
    };

    [Theory]
    [MemberData(nameof(WorstCases))]
    public async Task ReadAsync_NumericWorstCase_TakesAtMostEightTimesTheFile(string name, string cell)
    {
        var csv = Generate(columns: 16, cell, out var rows);

        var (table, retained, allocated) = await MeasureAsync(csv);

        Assert.Equal(rows, table.RowCount);
        Assert.True(retained <= (8L * csv.Length) + SlackBytes, $"{name}: the table of a {csv.Length:N0}-byte file retains {retained:N0} bytes ({(double)retained / csv.Length:F1}x).");
        Assert.True(allocated <= (16L * csv.Length) + SlackBytes, $"{name}: reading a {csv.Length:N0}-byte file allocated {allocated:N0} bytes ({(double)allocated / csv.Length:F1}x).");
    }

    [Fact]
    public async Task ReadAsync_DistinctLabels_CostTheirDocumentedSize()
    {
        // Every label distinct and short: the case where labels, not cells, dominate.
        var builder = new StringBuilder("a,b\n");
        var row = 0;
        while (builder.Length < FileBytes)
        {
            builder.Append('x').Append(row.ToString("x6", System.Globalization.CultureInfo.InvariantCulture)).Append(",y").Append(row % 7).Append('\n');
            row++;
        }

        var csv = Encoding.UTF8.GetBytes(builder.ToString());
        var (table, retained, allocated) = await MeasureAsync(csv);

        var bound = (2L * row * DatasetMemory.CategoricalCellBytes) + (row * DatasetMemory.LabelBytes(7)) + (7 * DatasetMemory.LabelBytes(2));
        Assert.Equal(row, table.RowCount);
        Assert.True(retained <= bound + SlackBytes, $"the table retains {retained:N0} bytes; the documented cost is {bound:N0}.");
        Assert.True(retained <= 16L * csv.Length, $"the table retains {retained:N0} bytes, {(double)retained / csv.Length:F1}x the file.");
        Assert.True(allocated <= (2 * bound) + SlackBytes, $"reading allocated {allocated:N0} bytes; twice the documented cost is {2 * bound:N0}.");
    }

    private static byte[] Generate(int columns, string cell, out int rows)
    {
        var line = string.Join(',', Enumerable.Repeat(cell, columns)) + "\n";
        var header = string.Join(',', Enumerable.Range(0, columns).Select(i => "c" + i)) + "\n";
        rows = (FileBytes - header.Length) / line.Length;
        var builder = new StringBuilder(header, FileBytes);
        for (var i = 0; i < rows; i++)
        {
            builder.Append(line);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static async Task<(DataTable Table, long Retained, long Allocated)> MeasureAsync(byte[] csv)
    {
        var limits = new CsvReadLimits(MaxRows: 10_000_000, MaxColumns: 100);
        using var stream = new MemoryStream(csv);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var table = await CsvDatasetReader.ReadAsync(stream, limits, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        return (table, retained, allocated);
    }
}

/// <summary>Tests that measure the process's memory, and so run while no other test does.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
