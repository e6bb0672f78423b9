using System.Globalization;
using Maas.Cli.Output;
using Maas.Core.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Commands.Training;

/// <summary>Renderings of datasets. Column names and categories come from user files: always plain text, never markup.</summary>
internal static class DatasetViews
{
    private const int TopCategoriesShown = 3;

    public static Table List(IEnumerable<DatasetSummary> datasets)
    {
        var table = new Table().AddColumns("NAME", "VERSIONS", "LATEST", "CREATED");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        foreach (var dataset in datasets)
        {
            table.AddRow(
                new Text(dataset.Name),
                new Text(Formats.Number(dataset.VersionCount)),
                new Text(dataset.LatestVersion is { } latest ? Formats.Number(latest) : "-"),
                new Text(Formats.Time(dataset.Created)));
        }

        return table;
    }

    public static Table Versions(IEnumerable<DatasetVersionInfo> versions)
    {
        var table = new Table().AddColumns("VERSION", "ROWS", "COLUMNS", "SIZE", "DIGEST", "CREATED");
        table.Columns[0].RightAligned();
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        table.Columns[3].RightAligned();
        foreach (var version in versions)
        {
            table.AddRow(
                new Text(Formats.Number(version.Version)),
                new Text(Formats.Number(version.Rows)),
                new Text(Formats.Number(version.Columns.Count)),
                new Text(Formats.Bytes(version.Size)),
                new Text(Formats.ShortDigest(version.Digest)),
                new Text(Formats.Time(version.Created)));
        }

        return table;
    }

    /// <summary>One version's identity, one field per line, with the digest in full.</summary>
    public static IRenderable Details(DatasetVersionInfo version) => new FieldList()
        .Add("dataset", version.Dataset)
        .Add("version", Formats.Number(version.Version))
        .Add("digest", version.Digest)
        .Add("size", Formats.Bytes(version.Size))
        .Add("rows", Formats.Number(version.Rows))
        .Add("columns", Formats.Number(version.Columns.Count))
        .Add("created", Formats.Time(version.Created))
        .ToRenderable();

    /// <summary>The inferred schema: one row per column with its kind and statistics.</summary>
    public static Table Schema(IEnumerable<DatasetColumn> columns)
    {
        var table = new Table().AddColumns("COLUMN", "KIND", "COUNT", "MISSING", "MEAN", "STD", "MIN", "MAX", "DISTINCT", "TOP CATEGORIES");
        for (var i = 2; i <= 8; i++)
        {
            table.Columns[i].RightAligned();
        }

        foreach (var column in columns)
        {
            table.AddRow(
                new Text(column.Name),
                new Text(column.Kind == DatasetColumnKind.Numeric ? "numeric" : "categorical"),
                new Text(Formats.Number(column.Count)),
                new Text(Formats.Number(column.Missing)),
                new Text(Statistic(column.Mean)),
                new Text(Statistic(column.Std)),
                new Text(Statistic(column.Min)),
                new Text(Statistic(column.Max)),
                new Text(Formats.Number(column.Distinct)),
                new Text(TopCategories(column)));
        }

        return table;
    }

    /// <summary>A statistic to five significant digits (<c>5.8433</c>, <c>0.00012346</c>, <c>1.2346E+07</c>); <c>-</c> when absent.</summary>
    public static string Statistic(double? value) => value is { } number ? number.ToString("G5", CultureInfo.InvariantCulture) : "-";

    private static string TopCategories(DatasetColumn column)
    {
        if (column.TopCategories.Count == 0)
        {
            return "-";
        }

        var shown = string.Join(", ", column.TopCategories.Take(TopCategoriesShown).Select(c => $"{Formats.OneLine(c.Value, 24)} ({Formats.Number(c.Count)})"));
        return column.TopCategories.Count > TopCategoriesShown ? shown + ", …" : shown;
    }
}
