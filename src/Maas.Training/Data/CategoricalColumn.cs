using System.Collections;
using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>
/// A column of text labels, stored as each distinct label once and, per row, the index of its label (-1 = missing), so
/// a row costs 4 bytes however long its label is.
/// </summary>
internal sealed class CategoricalColumn : DataColumn
{
    /// <summary>A categorical column over <paramref name="codes"/> into <paramref name="labels"/>, both kept (not copied).</summary>
    public CategoricalColumn(string name, int[] codes, string[] labels)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(labels);
        Codes = codes;
        Labels = labels;
        Values = new LabelView(codes, labels);
    }

    /// <summary>A categorical column of <paramref name="values"/> (null = missing), encoded as codes and distinct labels.</summary>
    public CategoricalColumn(string name, string?[] values)
        : this(name, Encode(values, out var labels), labels)
    {
    }

    /// <summary>Per row, the index of its label in <see cref="Labels"/>; -1 for a missing value.</summary>
    public int[] Codes { get; }

    /// <summary>The distinct labels, in order of first appearance.</summary>
    public string[] Labels { get; }

    /// <summary>One label per row (compared ordinally, case-sensitive); null = missing. Equal labels are one instance.</summary>
    public IReadOnlyList<string?> Values { get; }

    /// <inheritdoc />
    public override DatasetColumnKind Kind => DatasetColumnKind.Categorical;

    /// <inheritdoc />
    public override int Length => Codes.Length;

    /// <inheritdoc />
    public override bool IsMissing(int row) => Codes[row] < 0;

    private static int[] Encode(string?[] values, out string[] labels)
    {
        ArgumentNullException.ThrowIfNull(values);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        var codes = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not { } value)
            {
                codes[i] = -1;
            }
            else if (!index.TryGetValue(value, out codes[i]))
            {
                codes[i] = index[value] = distinct.Count;
                distinct.Add(value);
            }
        }

        labels = [.. distinct];
        return codes;
    }

    /// <summary>The rows' labels, read through the codes.</summary>
    private sealed class LabelView(int[] codes, string[] labels) : IReadOnlyList<string?>
    {
        public int Count => codes.Length;

        public string? this[int index] => codes[index] is var code and >= 0 ? labels[code] : null;

        public IEnumerator<string?> GetEnumerator()
        {
            for (var i = 0; i < codes.Length; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
