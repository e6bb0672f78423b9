using Maas.Core;

namespace Maas.Training.Data;

internal sealed partial class FeaturePlan
{
    /// <summary>
    /// Preprocesses <paramref name="rows"/> of <paramref name="table"/> into a row-major float matrix
    /// [rows.Count, <see cref="Width"/>], exactly as the graph from <see cref="AppendTo"/> would.
    /// </summary>
    /// <exception cref="MaasException">A planned column is missing from the table or has another kind (<see cref="ErrorCode.InvalidArgument"/>).</exception>
    public float[] Transform(DataTable table, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var output = new float[(long)rows.Count * Width];
        for (var f = 0; f < Features.Count; f++)
        {
            var feature = Features[f];
            var column = table[feature.Column];
            if (column.Kind != feature.Kind)
            {
                throw new MaasException(ErrorCode.InvalidArgument, $"Column '{feature.Column}' is {column.Kind.ToString().ToLowerInvariant()}; the model was trained on a {feature.Kind.ToString().ToLowerInvariant()} column.");
            }

            if (column is NumericColumn numeric)
            {
                for (var r = 0; r < rows.Count; r++)
                {
                    output[((long)r * Width) + feature.Offset] = Standardise(feature, numeric.Values[rows[r]]);
                }
            }
            else
            {
                var labels = ((CategoricalColumn)column).Values;
                var index = _categoryIndex[f];
                for (var r = 0; r < rows.Count; r++)
                {
                    if (index.TryGetValue(labels[rows[r]] ?? feature.FillCategory!, out var hot))
                    {
                        output[((long)r * Width) + feature.Offset + hot] = 1;
                    }
                }
            }
        }

        return output;
    }

    /// <summary>The preprocessed value of one numeric feature; float arithmetic in the graph's order.</summary>
    private static float Standardise(FeatureTransform feature, double value)
    {
        var x = double.IsNaN(value) ? feature.Fill : (float)value;
        return (x - feature.Mean) / feature.Scale;
    }
}
