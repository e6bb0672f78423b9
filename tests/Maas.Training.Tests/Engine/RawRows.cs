using Maas.Core.Training;
using Maas.Training.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Maas.Training.Tests.Engine;

/// <summary>Runs an exported model the way a client would: raw column values per the feature plan's inputs.</summary>
internal static class RawRows
{
    public static IReadOnlyList<NamedOnnxValue> Inputs(DataTable table, FeaturePlan plan, IReadOnlyList<int> rows)
    {
        var inputs = new List<NamedOnnxValue>();
        if (plan.NumericCount > 0)
        {
            var numeric = new DenseTensor<float>([rows.Count, plan.NumericCount]);
            foreach (var feature in plan.Features.Where(f => f.Kind == DatasetColumnKind.Numeric))
            {
                var values = ((NumericColumn)table[feature.Column]).Values;
                for (var i = 0; i < rows.Count; i++)
                {
                    numeric[i, feature.InputIndex] = (float)values[rows[i]];
                }
            }

            inputs.Add(NamedOnnxValue.CreateFromTensor(FeaturePlan.NumericInputName, numeric));
        }

        foreach (var feature in plan.Features.Where(f => f.Kind == DatasetColumnKind.Categorical))
        {
            var values = ((CategoricalColumn)table[feature.Column]).Values;
            var labels = new DenseTensor<string>([rows.Count, 1]);
            for (var i = 0; i < rows.Count; i++)
            {
                labels[i, 0] = values[rows[i]] ?? string.Empty;
            }

            inputs.Add(NamedOnnxValue.CreateFromTensor(feature.Input, labels));
        }

        return inputs;
    }

    /// <summary>The named outputs of <paramref name="model"/> on the raw rows, as float arrays (or strings for "label").</summary>
    public static (Dictionary<string, float[]> Floats, string[]? Labels) Run(byte[] model, DataTable table, FeaturePlan plan, IReadOnlyList<int> rows)
    {
        using var session = new InferenceSession(model);
        using var results = session.Run(Inputs(table, plan, rows));
        var floats = new Dictionary<string, float[]>();
        string[]? labels = null;
        foreach (var result in results)
        {
            if (result.Name == "label")
            {
                labels = result.AsTensor<string>().ToArray();
            }
            else
            {
                floats[result.Name] = result.AsTensor<float>().ToArray();
            }
        }

        return (floats, labels);
    }
}
