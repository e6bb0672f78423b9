using System.Text;
using Maas.Core;
using Maas.Core.Training;
using Maas.Training.Data;

namespace Maas.Training.Tests.Data;

public sealed class CsvDatasetReaderTests
{
    private static readonly CsvReadLimits Limits = new(MaxRows: 100_000, MaxColumns: 1_000);

    [Theory]
    [InlineData("iris", 150, 5, "species")]
    [InlineData("breast_cancer", 569, 31, null)]
    [InlineData("digits", 1797, 65, null)]
    [InlineData("diabetes", 442, 11, null)]
    public async Task ReadAsync_Fixture_HasExpectedShapeAndKinds(string name, int rows, int columns, string? categorical)
    {
        await using var file = File.OpenRead(TestFixtures.Dataset(name));

        var table = await CsvDatasetReader.ReadAsync(file, Limits, CancellationToken.None);

        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns, table.Columns.Count);
        foreach (var column in table.Columns)
        {
            Assert.Equal(column.Name == categorical ? DatasetColumnKind.Categorical : DatasetColumnKind.Numeric, column.Kind);
            Assert.Equal(rows, column.Length);
        }
    }

    [Fact]
    public async Task ReadAsync_Iris_ParsesValuesExactly()
    {
        await using var file = File.OpenRead(TestFixtures.Dataset("iris"));

        var table = await CsvDatasetReader.ReadAsync(file, Limits, CancellationToken.None);

        Assert.Equal(5.1, ((NumericColumn)table["sepal_length"]).Values[0]);
        Assert.Equal(3.0, ((NumericColumn)table["sepal_width"]).Values[1]);
        var species = ((CategoricalColumn)table["species"]).Values;
        Assert.Equal(["setosa", "versicolor", "virginica"], species.Distinct().Order(StringComparer.Ordinal));
        Assert.Same(species[0], species[1]);
    }

    [Fact]
    public async Task ReadAsync_QuotedFields_UnescapesQuotesCommasAndLineBreaks()
    {
        var table = await Read("id,text\n1,\"he said \"\"hi\"\", then left\"\n2,\"line1\r\nline2\"\n3,\"\"\n");

        var text = ((CategoricalColumn)table["text"]).Values;
        Assert.Equal("he said \"hi\", then left", text[0]);
        Assert.Equal("line1\r\nline2", text[1]);
        Assert.Null(text[2]);
        Assert.Equal([1.0, 2.0, 3.0], ((NumericColumn)table["id"]).Values);
    }

    [Fact]
    public async Task ReadAsync_BomCrlfAndNoFinalNewline_AreAccepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a,b\r\n1,x\r\n2,y")).ToArray();

        var table = await CsvDatasetReader.ReadAsync(new MemoryStream(bytes), Limits, CancellationToken.None);

        Assert.Equal("a", table.Columns[0].Name);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["x", "y"], ((CategoricalColumn)table["b"]).Values.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_EmptyLines_AreSkipped()
    {
        var table = await Read("a,b\n\n1,2\n\r\n3,4\n\n\n");

        Assert.Equal(2, table.RowCount);
        Assert.Equal([2.0, 4.0], ((NumericColumn)table["b"]).Values);
    }

    [Fact]
    public async Task ReadAsync_OneByteChunks_GiveTheSameTable()
    {
        const string Csv = "name,\"note\"\r\nzürich,\"a\r\nb\"\"c\"\r\n€uro,plain\r\n";
        var whole = await Read(Csv);

        var chunked = await CsvDatasetReader.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(Csv)), Limits, CancellationToken.None);

        Assert.Equal(["zürich", "€uro"], ((CategoricalColumn)chunked["name"]).Values.AsEnumerable());
        Assert.Equal(((CategoricalColumn)whole["note"]).Values, ((CategoricalColumn)chunked["note"]).Values);
        Assert.Equal("a\r\nb\"c", ((CategoricalColumn)chunked["note"]).Values[0]);
    }

    [Fact]
    public async Task ReadAsync_MissingTokens_AreNaNInNumericColumns()
    {
        var table = await Read("x,y\n1,a\nNA,b\nn/a,c\n,d\nnull,e\n?,f\nNaN,g\n  ,h\n\"na\",i\n2.5,j\n");

        var x = Assert.IsType<NumericColumn>(table["x"]);
        Assert.Equal(1.0, x.Values[0]);
        Assert.All(x.Values[1..9], v => Assert.True(double.IsNaN(v)));
        Assert.Equal(2.5, x.Values[9]);
    }

    [Fact]
    public async Task ReadAsync_MixedColumn_IsCategoricalWithOriginalText()
    {
        var table = await Read("code\n007\n1.50\n2\nNA\nabc\n1e3\n");

        var code = Assert.IsType<CategoricalColumn>(table["code"]);
        Assert.Equal(["007", "1.50", "2", null, "abc", "1e3"], code.Values.AsEnumerable());
    }

    [Fact]
    public async Task ReadAsync_InfinityOrLocaleNumbers_AreCategorical()
    {
        var table = await Read("a,b,c,d\nInfinity,\"1,5\",1e400,-0.5e-3\n1,2,3,+4\n");

        Assert.Equal(DatasetColumnKind.Categorical, table["a"].Kind);
        Assert.Equal(DatasetColumnKind.Categorical, table["b"].Kind);
        Assert.Equal(DatasetColumnKind.Categorical, table["c"].Kind);
        Assert.Equal([-0.0005, 4.0], ((NumericColumn)table["d"]).Values);
    }

    [Fact]
    public async Task ReadAsync_ColumnOfOnlyMissingValues_IsNumeric()
    {
        var table = await Read("a,b\n1,\n2,NA\n");

        var b = Assert.IsType<NumericColumn>(table["b"]);
        Assert.All(b.Values, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public async Task ReadAsync_HeaderNames_AreTrimmed()
    {
        var table = await Read(" a ,\"b c\"\n1,2\n");

        Assert.Equal(["a", "b c"], table.Columns.Select(c => c.Name));
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4,5\n", "line 3, column 3:")]
    [InlineData("a,b,c\n1,2,3\n4,5\n", "line 3, column 3:")]
    [InlineData("a,b,c\n1,2,3\n4\n", "line 3, column 2:")]
    [InlineData("a,b\n1,\"x\n2,3\n", "line 2, column 2:")]
    [InlineData("a,b\n1,2\n3,x\"y\n", "line 3, column 2:")]
    [InlineData("a,b\n1,\"x\"y\n", "line 2, column 2:")]
    [InlineData("a,b\n\"x\ny\",1\n3,4,5\n", "line 4, column 3:")]
    [InlineData("a,b\r\n\"x\r\ny\",1\r\n3,4,5\r\n", "line 4, column 3:")]
    [InlineData("a,b\r\n1,2\r\n\r\n3,\"q\"\"\r\n", "line 4, column 2:")]
    [InlineData("a,,c\n1,2,3\n", "line 1, column 2:")]
    [InlineData("a, ,c\n1,2,3\n", "line 1, column 2:")]
    [InlineData("a,b,a\n1,2,3\n", "line 1, column 3:")]
    [InlineData("", "line 1, column 1:")]
    [InlineData("\n\n", "line 3, column 1:")]
    [InlineData("a,b\n", "line 2, column 1:")]
    public async Task ReadAsync_MalformedFile_NamesLineAndColumn(string csv, string location)
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Read(csv));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith(location, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DuplicateHeader_NamesTheColumn()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Read("x,y,x\n1,2,3\n"));

        Assert.Equal("line 1, column 3: the column name 'x' is already used by column 1; names must be distinct.", error.Message);
    }

    [Fact]
    public async Task ReadAsync_TooManyRows_IsRejectedAtTheFirstExtraRow()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Read("a\n1\n2\n3\n", new CsvReadLimits(MaxRows: 2, MaxColumns: 10)));

        Assert.StartsWith("line 4, column 1: the file has more than 2 data rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TooManyColumns_IsRejectedAtTheFirstExtraColumn()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Read("a,b,c\n1,2,3\n", new CsvReadLimits(MaxRows: 10, MaxColumns: 2)));

        Assert.StartsWith("line 1, column 3: the header has more than 2 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_OverlongField_IsRejected()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => Read("a,b\n1,\"" + new string('x', 100) + "\"\n", Limits with { MaxFieldLength = 50 }));

        Assert.StartsWith("line 2, column 2: a field is longer than 50 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8_NamesLineAndColumn()
    {
        byte[] bytes = [.. "a,b\n1,2\n3,x"u8, 0xFF, .. "y\n"u8];

        var error = await Assert.ThrowsAsync<MaasException>(() => CsvDatasetReader.ReadAsync(new MemoryStream(bytes), Limits, CancellationToken.None));

        Assert.StartsWith("line 3, column 2: the file is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CsvDatasetReader.ReadAsync(new MemoryStream("a\n1\n"u8.ToArray()), Limits, cancelled.Token));
    }

    [Fact]
    public async Task DataTable_UnknownColumn_IsInvalidArgumentNamingIt()
    {
        var table = await Read("a\n1\n");

        var error = Assert.Throws<MaasException>(() => table["nope"]);

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    private static Task<DataTable> Read(string csv, CsvReadLimits? limits = null) =>
        CsvDatasetReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), limits ?? Limits, CancellationToken.None);

    /// <summary>Returns one byte per read, so every chunk boundary (inside CRLF, quotes, multi-byte characters) is exercised.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
