using Maas.Core;
using Maas.Core.Training;

namespace Maas.Training.Data;

internal sealed partial class FeaturePlan
{
    private static FeatureTransform FitNumeric(NumericColumn column, IReadOnlyList<int> trainRows, MissingPolicy missing, int inputIndex, int offset)
    {
        var present = new List<double>(trainRows.Count);
        foreach (var row in trainRows)
        {
            var value = column.Values[row];
            if (!double.IsNaN(value))
            {
                present.Add(value);
            }
        }

        var fill = present.Count == 0 ? 0 : missing switch
        {
            MissingPolicy.Median => Median(present),
            MissingPolicy.MostFrequent => MostFrequent(present),
            _ => Mean(present),
        };

        // Standardise what the model will see: the imputed training values (as an imputer then a scaler would).
        double sum = 0;
        foreach (var row in trainRows)
        {
            var value = column.Values[row];
            sum += double.IsNaN(value) ? fill : value;
        }

        var mean = trainRows.Count == 0 ? 0 : sum / trainRows.Count;
        double squares = 0;
        foreach (var row in trainRows)
        {
            var value = column.Values[row];
            var d = (double.IsNaN(value) ? fill : value) - mean;
            squares += d * d;
        }

        var std = (float)Math.Sqrt(trainRows.Count == 0 ? 0 : squares / trainRows.Count);
        var transform = new FeatureTransform
        {
            Column = column.Name,
            Kind = DatasetColumnKind.Numeric,
            Input = NumericInputName,
            InputIndex = inputIndex,
            Offset = offset,
            Width = 1,
            Fill = (float)fill,
            Mean = (float)mean,
            Scale = std > 0 && float.IsFinite(std) ? std : 1,
        };
        if (!float.IsFinite(transform.Fill) || !float.IsFinite(transform.Mean))
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Feature column '{column.Name}' has values beyond the float range (about ±3.4e38).");
        }

        return transform;
    }

    private static FeatureTransform FitCategorical(CategoricalColumn column, IReadOnlyList<int> trainRows, string input, int offset)
    {
        var counts = DatasetProfiler.CountLabels(trainRows.Select(row => column.Values[row]));
        if (counts.Count == 0)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"Feature column '{column.Name}' has no values in the training split.");
        }

        if (counts.Count > MaxCategories)
        {
            throw new MaasException(
                ErrorCode.InvalidArgument,
                $"Feature column '{column.Name}' has {counts.Count} distinct values in the training split; at most {MaxCategories} can be one-hot encoded. Leave it out of the features (is it an identifier or free text?).");
        }

        var categories = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        var fill = counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).First().Key;
        return new FeatureTransform
        {
            Column = column.Name,
            Kind = DatasetColumnKind.Categorical,
            Input = input,
            Offset = offset,
            Width = categories.Length,
            Categories = categories,
            FillCategory = fill,
        };
    }

    private static double Mean(List<double> values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Count;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] / 2) + (sorted[middle] / 2);
    }

    private static double MostFrequent(List<double> values)
    {
        var counts = new Dictionary<double, int>();
        foreach (var value in values)
        {
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }

        return counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key).First().Key;
    }
}
