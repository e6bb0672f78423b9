using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maas.Core;
using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>
/// The preprocessing fitted on a training split: imputation and standardisation of numeric columns and one-hot
/// encoding of categorical ones. It transforms table rows in C# (<see cref="Transform"/>) and emits the same
/// computation as ONNX nodes (<see cref="AppendTo"/>) so a served model takes raw values.
/// </summary>
/// <remarks>
/// The preprocessed row is laid out as all numeric features first (in the order given to <see cref="Fit"/>), then each
/// categorical feature's one-hot block; <see cref="FeatureTransform.Offset"/> says where each lands. Arithmetic is in
/// float, in the same order as the graph: <c>(x − Mean) / Scale</c> with <c>x = Fill</c> when missing.
/// </remarks>
internal sealed partial class FeaturePlan
{
    /// <summary>The name of the served model's FLOAT [N, k] input holding the numeric features.</summary>
    public const string NumericInputName = "features";

    /// <summary>The most categories one column may one-hot encode (an identifier column would explode the width).</summary>
    public const int MaxCategories = 1000;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, int>[] _categoryIndex;

    /// <summary>A plan over fitted <paramref name="features"/>; checks that offsets, widths and inputs agree.</summary>
    /// <exception cref="ArgumentException">The transforms are inconsistent (as from a corrupted checkpoint).</exception>
    [JsonConstructor]
    public FeaturePlan(IReadOnlyList<FeatureTransform> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _categoryIndex = new Dictionary<string, int>[features.Count];
        var offset = 0;
        var numeric = 0;
        var inputs = new HashSet<string>(StringComparer.Ordinal) { NumericInputName };
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i] ?? throw new ArgumentException("A feature is null.", nameof(features));
            if (feature.Offset != offset)
            {
                throw new ArgumentException($"Feature '{feature.Column}' starts at {feature.Offset}, expected {offset}.", nameof(features));
            }

            if (feature.Kind == DatasetColumnKind.Numeric)
            {
                if (numeric != i || feature.Input != NumericInputName || feature.InputIndex != numeric || feature.Width != 1
                    || !float.IsFinite(feature.Fill) || !float.IsFinite(feature.Mean) || !float.IsFinite(feature.Scale) || feature.Scale == 0)
                {
                    throw new ArgumentException($"Numeric feature '{feature.Column}' is inconsistent.", nameof(features));
                }

                numeric++;
            }
            else
            {
                var index = new Dictionary<string, int>(feature.Categories.Count, StringComparer.Ordinal);
                foreach (var category in feature.Categories)
                {
                    if (category is null || !index.TryAdd(category, index.Count))
                    {
                        throw new ArgumentException($"Feature '{feature.Column}' lists a null or repeated category.", nameof(features));
                    }
                }

                if (feature.Width != index.Count || index.Count == 0 || feature.FillCategory is null || !index.ContainsKey(feature.FillCategory)
                    || !inputs.Add(feature.Input))
                {
                    throw new ArgumentException($"Categorical feature '{feature.Column}' is inconsistent.", nameof(features));
                }

                _categoryIndex[i] = index;
            }

            offset += feature.Width;
        }

        Features = features;
        NumericCount = numeric;
        Width = offset;
    }

    /// <summary>The transforms in layout order; a description of the preprocessing for docs and metadata.</summary>
    public IReadOnlyList<FeatureTransform> Features { get; }

    /// <summary>The preprocessed row's length.</summary>
    public int Width { get; }

    /// <summary>How many numeric features there are (the width of the <see cref="NumericInputName"/> input).</summary>
    [JsonIgnore]
    public int NumericCount { get; }

    /// <summary>
    /// Fits the plan on <paramref name="trainRows"/> of <paramref name="table"/>. Numeric fill values follow
    /// <paramref name="missing"/> (mean, median, most frequent with ties to the smaller value; the mean under
    /// <see cref="MissingPolicy.Drop"/>, used only at serving time; 0 when the split has no value). Categorical columns
    /// fill with the most frequent training label (ties to the ordinally smaller).
    /// </summary>
    /// <exception cref="MaasException">A categorical feature has no value or too many categories in the split, or a
    /// numeric one does not fit in float (<see cref="ErrorCode.InvalidArgument"/>).</exception>
    public static FeaturePlan Fit(DataTable table, IReadOnlyList<string> features, IReadOnlyList<int> trainRows, MissingPolicy missing)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(trainRows);
        var columns = features.Select(name => table[name]).ToArray();
        var transforms = new List<FeatureTransform>(columns.Length);
        var offset = 0;
        foreach (var column in columns.OfType<NumericColumn>())
        {
            transforms.Add(FitNumeric(column, trainRows, missing, transforms.Count, offset));
            offset++;
        }

        var inputNames = new HashSet<string>(StringComparer.Ordinal) { NumericInputName };
        foreach (var column in columns.OfType<CategoricalColumn>())
        {
            var transform = FitCategorical(column, trainRows, InputNameFor(column.Name, inputNames), offset);
            transforms.Add(transform);
            offset += transform.Width;
        }

        return new FeaturePlan(transforms);
    }

    /// <summary>
    /// The graph-input name for a categorical column: the name with every character outside <c>[A-Za-z0-9_]</c>
    /// replaced by <c>_</c>, prefixed with <c>c_</c> when it would start with a digit, and suffixed <c>_2</c>, <c>_3</c>, …
    /// when it collides with a name in <paramref name="taken"/> (which receives the result).
    /// </summary>
    public static string InputNameFor(string column, ISet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(taken);
        var chars = column.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        var stem = new string(chars);
        if (stem.Length == 0 || char.IsAsciiDigit(stem[0]))
        {
            stem = "c_" + stem;
        }

        var name = stem;
        for (var n = 2; !taken.Add(name); n++)
        {
            name = $"{stem}_{n}";
        }

        return name;
    }

    /// <summary>
    /// One line per feature saying what the served model does with it, for logs, docs and <c>maas models show</c>;
    /// e.g. <c>age: features[:, 0]; missing → 41.5; (x − 40.2) / 12.1 → column 0</c>.
    /// </summary>
    public IReadOnlyList<string> Describe() =>
        Features.Select(f => f.Kind == DatasetColumnKind.Numeric
            ? string.Create(CultureInfo.InvariantCulture, $"{f.Column}: {f.Input}[:, {f.InputIndex}]; missing → {f.Fill:G6}; (x − {f.Mean:G6}) / {f.Scale:G6} → column {f.Offset}")
            : string.Create(CultureInfo.InvariantCulture, $"{f.Column}: input '{f.Input}'; one-hot over {f.Width} categories ({Preview(f.Categories)}); missing → '{f.FillCategory}', unknown → all zeros → columns {f.Offset}–{f.Offset + f.Width - 1}"))
            .ToArray();

    /// <summary>Serialises the plan (System.Text.Json, camelCase) for checkpoints and metadata.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a plan written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a plan.</exception>
    /// <exception cref="ArgumentException">The plan is inconsistent.</exception>
    public static FeaturePlan FromJson(string json) =>
        JsonSerializer.Deserialize<FeaturePlan>(json, JsonOptions) ?? throw new JsonException("The plan is null.");

    private static string Preview(IReadOnlyList<string> categories) =>
        string.Join(", ", categories.Take(5)) + (categories.Count > 5 ? ", …" : string.Empty);
}
