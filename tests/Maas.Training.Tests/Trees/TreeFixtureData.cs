using System.Globalization;
using Maas.Training.Data;

namespace Maas.Training.Tests.Trees;

/// <summary>
/// Reads the fixture CSVs (plain numbers, no quoting) into <see cref="SplitData"/>: every column but the last is a
/// feature; the last is the target, as a number or, for a text column, the index of its value in ordinal order.
/// </summary>
internal static class TreeFixtureData
{
    public static (SplitData Data, IReadOnlyList<string> ClassNames) Load(string dataset)
    {
        var lines = File.ReadAllLines(TestFixtures.Dataset(dataset)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        var width = lines[0].Length - 1;
        var features = lines.SelectMany(cells => cells[..width].Select(c => float.Parse(c, CultureInfo.InvariantCulture))).ToArray();
        var raw = lines.Select(cells => cells[width]).ToArray();
        var numeric = raw.All(v => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var names = numeric ? [] : raw.Distinct().Order(StringComparer.Ordinal).ToList();
        var targets = raw.Select(v => numeric ? float.Parse(v, CultureInfo.InvariantCulture) : names.IndexOf(v)).ToArray();
        return (new SplitData(features, lines.Length, width, targets), names);
    }

    /// <summary>A seeded shuffle split into (train, test) with <paramref name="testFraction"/> of the rows held out.</summary>
    public static (SplitData Train, SplitData Test) Split(SplitData data, double testFraction, int seed)
    {
        var order = Enumerable.Range(0, data.Rows).ToArray();
        new Random(seed).Shuffle(order);
        var testRows = (int)Math.Round(data.Rows * testFraction);
        return (Take(data, order[testRows..]), Take(data, order[..testRows]));
    }

    public static SplitData Take(SplitData data, IReadOnlyList<int> rows)
    {
        var features = new float[rows.Count * data.Width];
        for (var i = 0; i < rows.Count; i++)
        {
            data.Row(rows[i]).CopyTo(features.AsSpan(i * data.Width, data.Width));
        }

        return new SplitData(features, rows.Count, data.Width, rows.Select(r => data.Targets[r]).ToArray());
    }
}
