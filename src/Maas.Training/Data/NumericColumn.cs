using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>A column of numbers; <see cref="double.NaN"/> marks a missing value.</summary>
internal sealed class NumericColumn : DataColumn
{
    /// <summary>A numeric column over <paramref name="values"/>, which it keeps (not copied).</summary>
    public NumericColumn(string name, double[] values)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
    }

    /// <summary>One value per row; NaN = missing. Never infinite when read from a CSV file.</summary>
    public double[] Values { get; }

    /// <inheritdoc />
    public override DatasetColumnKind Kind => DatasetColumnKind.Numeric;

    /// <inheritdoc />
    public override int Length => Values.Length;

    /// <inheritdoc />
    public override bool IsMissing(int row) => double.IsNaN(Values[row]);
}
