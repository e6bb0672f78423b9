using System.Text.Json;
using Maas.Core.Training;
using Maas.Training.Data;

namespace Maas.Training.Tests.Data;

public sealed class DatasetProfilerTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Profile_NumericColumn_ComputesHandCheckedStatistics()
    {
        var table = new DataTable([new NumericColumn("x", [1, 2, double.NaN, 4, 4])]);

        var column = DatasetProfiler.Profile(table).Columns[0];

        Assert.Equal(DatasetColumnKind.Numeric, column.Kind);
        Assert.Equal(4, column.Count);
        Assert.Equal(1, column.Missing);
        Assert.Equal(2.75, column.Mean!.Value, 12);
        Assert.Equal(1.5, column.Std!.Value, 12); // squared deviations 6.75 / (4 − 1) = 2.25
        Assert.Equal(1, column.Min);
        Assert.Equal(4, column.Max);
        Assert.Equal(3, column.Distinct);
        Assert.Empty(column.TopCategories);
    }

    [Fact]
    public void Profile_CategoricalColumn_CountsAndRanksLabels()
    {
        var table = new DataTable([new CategoricalColumn("c", ["y", "b", "a", null, "b", "x", "a", "b", "y", "x"])]);

        var column = DatasetProfiler.Profile(table).Columns[0];

        Assert.Equal(DatasetColumnKind.Categorical, column.Kind);
        Assert.Equal(9, column.Count);
        Assert.Equal(1, column.Missing);
        Assert.Equal(4, column.Distinct);
        Assert.Null(column.Mean);
        Assert.Null(column.Std);
        Assert.Null(column.Min);
        Assert.Null(column.Max);
        Assert.Equal(
            [new CategoryCount("b", 3), new CategoryCount("a", 2), new CategoryCount("x", 2), new CategoryCount("y", 2)],
            column.TopCategories);
    }

    [Fact]
    public void Profile_ManyCategories_ListsTheTopTen()
    {
        var labels = Enumerable.Range(0, 12).SelectMany(i => Enumerable.Repeat($"k{i:00}", i + 1)).ToArray();
        var table = new DataTable([new CategoricalColumn("c", labels)]);

        var column = DatasetProfiler.Profile(table).Columns[0];

        Assert.Equal(12, column.Distinct);
        Assert.Equal(10, column.TopCategories.Count);
        Assert.Equal(new CategoryCount("k11", 12), column.TopCategories[0]);
        Assert.Equal(new CategoryCount("k02", 3), column.TopCategories[^1]);
    }

    [Fact]
    public void Profile_SingleOrNoValue_LeavesUndefinedFiguresNull()
    {
        var table = new DataTable([new NumericColumn("one", [double.NaN, 5]), new NumericColumn("none", [double.NaN, double.NaN])]);

        var schema = DatasetProfiler.Profile(table);

        Assert.Equal(2, schema.Rows);
        Assert.Equal(5, schema.Columns[0].Mean);
        Assert.Null(schema.Columns[0].Std);
        Assert.Null(schema.Columns[1].Mean);
        Assert.Null(schema.Columns[1].Min);
        Assert.Equal(0, schema.Columns[1].Distinct);
    }

    [Fact]
    public void Profile_Schema_SerialisesAsTheApiDescribes()
    {
        var table = new DataTable([new NumericColumn("x", [1, 3]), new CategoricalColumn("c", ["a", "a"])]);

        var json = JsonSerializer.Serialize(DatasetProfiler.Profile(table), Web);

        using var document = JsonDocument.Parse(json);
        var columns = document.RootElement.GetProperty("columns");
        Assert.Equal("numeric", columns[0].GetProperty("kind").GetString());
        Assert.Equal(2, columns[0].GetProperty("mean").GetDouble());
        Assert.Equal("categorical", columns[1].GetProperty("kind").GetString());
        Assert.Equal("a", columns[1].GetProperty("topCategories")[0].GetProperty("value").GetString());
        var back = JsonSerializer.Deserialize<DatasetSchema>(json, Web)!;
        Assert.Equal(2, back.Columns[1].TopCategories[0].Count);
    }
}
