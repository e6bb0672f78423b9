using Maas.Core.Training;
using Maas.Onnx.Graphs;
using DataType = Maas.Onnx.Proto.TensorProto.Types.DataType;

namespace Maas.Training.Data;

internal sealed partial class FeaturePlan
{
    /// <summary>
    /// Creates the served model's raw inputs in <paramref name="g"/> and appends the preprocessing, returning the
    /// FLOAT [N, <see cref="Width"/>] value the model consumes.
    /// </summary>
    /// <remarks>
    /// Inputs: <see cref="NumericInputName"/> FLOAT [N, <see cref="NumericCount"/>] when there are numeric features
    /// (NaN = missing), imputed with <c>IsNaN</c> + <c>Where</c> and standardised with <c>Sub</c> and <c>Div</c>; and per
    /// categorical feature a STRING [N, 1] input named <see cref="FeatureTransform.Input"/>, mapped to a category
    /// index by <c>ai.onnx.ml</c> <c>LabelEncoder</c> (unknown → −1; the empty string and the missing-value tokens of
    /// <see cref="MissingValues"/> → the fill category), compared with a [1, K] range by <c>Equal</c> and cast to
    /// float. The pieces are concatenated along axis 1. Call this before adding other nodes so the input names are free.
    /// </remarks>
    /// <exception cref="InvalidOperationException">An input name is already taken in <paramref name="g"/>.</exception>
    public Value AppendTo(GraphBuilder g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var numericInput = NumericCount > 0 ? ClaimInput(g, NumericInputName, DataType.Float, NumericCount) : null;
        var labelInputs = Features.Where(f => f.Kind == DatasetColumnKind.Categorical).Select(f => ClaimInput(g, f.Input, DataType.String, 1)).ToArray();

        var pieces = new List<Value>();
        if (numericInput is not null)
        {
            pieces.Add(AppendNumeric(g, numericInput));
        }

        var categorical = Features.Where(f => f.Kind == DatasetColumnKind.Categorical).ToArray();
        for (var i = 0; i < categorical.Length; i++)
        {
            pieces.Add(AppendOneHot(g, categorical[i], labelInputs[i]));
        }

        return pieces.Count switch
        {
            0 => throw new InvalidOperationException("The plan has no features."),
            1 => pieces[0],
            _ => g.Op1("Concat", pieces, [null, Width], [Attr.Whole("axis", 1)]),
        };
    }

    private Value AppendNumeric(GraphBuilder g, Value input)
    {
        var numeric = Features.Take(NumericCount).ToArray();
        long?[] shape = [null, NumericCount];
        var fill = g.Initializer("impute_values", numeric.Select(f => f.Fill).ToArray(), 1, NumericCount);
        var mean = g.Initializer("standardise_mean", numeric.Select(f => f.Mean).ToArray(), 1, NumericCount);
        var scale = g.Initializer("standardise_scale", numeric.Select(f => f.Scale).ToArray(), 1, NumericCount);
        var isMissing = g.Op1("IsNaN", [input], shape, type: DataType.Bool);
        var imputed = g.Op1("Where", [isMissing, fill, input], shape, type: DataType.Float);
        var centred = g.Op1("Sub", [imputed, mean], shape);
        return g.Op1("Div", [centred, scale], shape);
    }

    private static Value AppendOneHot(GraphBuilder g, FeatureTransform feature, Value input)
    {
        var categories = feature.Categories;
        var fillIndex = IndexOf(categories, feature.FillCategory!);
        var keys = new List<string>(categories);
        var values = Enumerable.Range(0, categories.Count).Select(i => (long)i).ToList();
        var known = new HashSet<string>(categories, StringComparer.Ordinal);
        foreach (var token in MissingSpellings())
        {
            if (known.Add(token))
            {
                keys.Add(token);
                values.Add(fillIndex);
            }
        }

        var codes = g.Op1(
            "LabelEncoder",
            [input],
            [null, 1],
            [Attr.Texts("keys_strings", [.. keys]), Attr.Wholes("values_int64s", [.. values]), Attr.Whole("default_int64", -1)],
            DataType.Int64,
            GraphBuilder.MlDomain);
        var range = g.Initializer("categories", Enumerable.Range(0, categories.Count).Select(i => (long)i).ToArray(), 1, categories.Count);
        var hot = g.Op1("Equal", [codes, range], [null, categories.Count], type: DataType.Bool);
        return g.Op1("Cast", [hot], [null, categories.Count], [Attr.Whole("to", (long)DataType.Float)], DataType.Float);
    }

    /// <summary>The empty string and the missing tokens in the spellings a client is likely to send.</summary>
    private static IEnumerable<string> MissingSpellings()
    {
        yield return string.Empty;
        foreach (var token in MissingValues.Tokens)
        {
            yield return token;
            yield return token.ToLowerInvariant();
            yield return token.ToUpperInvariant();
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], item, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static Value ClaimInput(GraphBuilder g, string name, DataType type, int width)
    {
        var input = g.Input(name, type, [null, width]);
        return input.Name == name
            ? input
            : throw new InvalidOperationException($"The graph already has a value named '{name}'; add the preprocessing before other nodes.");
    }
}
