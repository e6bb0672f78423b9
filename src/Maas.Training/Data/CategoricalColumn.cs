using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>A column of text labels; null marks a missing value. Equal labels share one string instance when read from CSV.</summary>
internal sealed class CategoricalColumn : DataColumn
{
    /// <summary>A categorical column over <paramref name="values"/>, which it keeps (not copied).</summary>
    public CategoricalColumn(string name, string?[] values)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
    }

    /// <summary>One label per row (compared ordinally, case-sensitive); null = missing.</summary>
    public string?[] Values { get; }

    /// <inheritdoc />
    public override DatasetColumnKind Kind => DatasetColumnKind.Categorical;

    /// <inheritdoc />
    public override int Length => Values.Length;

    /// <inheritdoc />
    public override bool IsMissing(int row) => Values[row] is null;
}
