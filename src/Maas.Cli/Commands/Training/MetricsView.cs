using System.Globalization;
using Spectre.Console;

namespace Maas.Cli.Commands.Training;

/// <summary>Metrics by split as one table: a row per metric, a column per split (train, validation, test).</summary>
internal static class MetricsView
{
    private static readonly string[] Splits = ["train", "validation", "test"];

    // Classifier metrics, then regression metrics, in the order people read them; others follow alphabetically.
    private static readonly string[] KnownOrder = ["accuracy", "precision", "recall", "f1", "roc_auc", "loss", "mse", "mae", "r2"];

    public static Table Table(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var splits = Splits.Concat(metrics.Keys.Where(k => !Splits.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal)).ToList();
        var table = new Table().AddColumn("METRIC");
        foreach (var split in splits)
        {
            table.AddColumn(new TableColumn(split.ToUpperInvariant()).RightAligned());
        }

        foreach (var metric in Order(metrics.Values.SelectMany(m => m.Keys)))
        {
            var cells = new List<Text> { new(metric) };
            cells.AddRange(splits.Select(split =>
                new Text(metrics.TryGetValue(split, out var values) && values.TryGetValue(metric, out var value) ? Value(value) : "-")));
            table.AddRow(cells);
        }

        return table;
    }

    /// <summary>A metric or loss to four decimals, as every training table shows it.</summary>
    public static string Value(double value) =>
        double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<string> Order(IEnumerable<string> names)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        return KnownOrder.Where(distinct.Contains).Concat(distinct.Where(n => !KnownOrder.Contains(n)).Order(StringComparer.Ordinal));
    }
}
