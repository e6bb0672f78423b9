using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>One column of a <see cref="DataTable"/>: a name, a kind and one value per row (some may be missing).</summary>
public abstract class DataColumn
{
    private protected DataColumn(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The column's name as written in the header (trimmed).</summary>
    public string Name { get; }

    /// <summary>Whether the values are numbers or categories.</summary>
    public abstract DatasetColumnKind Kind { get; }

    /// <summary>The number of rows.</summary>
    public abstract int Length { get; }

    /// <summary>Whether row <paramref name="row"/> has no value.</summary>
    public abstract bool IsMissing(int row);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind}, {Length} rows)";
}
