using Maas.Core;
using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>
/// Turns a table and a spec into <see cref="PreparedData"/>: resolves the feature columns, resolves or infers the
/// task, drops unusable rows, splits (seeded, stratified for classifiers), fits the <see cref="FeaturePlan"/> on the
/// training split only and transforms every split.
/// </summary>
internal static class DataPreparation
{
    /// <summary>A numeric target whose values are all whole numbers with at most this many distinct values is inferred to be classes.</summary>
    public const int MaxInferredClasses = 20;

    /// <summary>The most classes a classifier may have.</summary>
    public const int MaxClasses = 1000;

    /// <summary>Prepares <paramref name="table"/> for training as <paramref name="spec"/> says.</summary>
    /// <exception cref="MaasException">The spec does not fit the data: an unknown column, the target among the
    /// features, a task the target cannot have, too few rows, bad split fractions (<see cref="ErrorCode.InvalidArgument"/>).</exception>
    public static PreparedData Prepare(DataTable table, TrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(spec);
        DatasetSplitter.Validate(spec.Split);
        var target = table[spec.Target];
        var features = ResolveFeatures(table, spec);
        var featureColumns = features.Select(name => table[name]).ToArray();

        var usable = new List<int>(table.RowCount);
        for (var row = 0; row < table.RowCount; row++)
        {
            if (!target.IsMissing(row) && (spec.Missing != MissingPolicy.Drop || !featureColumns.Any(c => c.IsMissing(row))))
            {
                usable.Add(row);
            }
        }

        if (usable.Count == 0)
        {
            throw new MaasException(ErrorCode.InvalidArgument, spec.Missing == MissingPolicy.Drop
                ? $"No row has a target '{spec.Target}' and every feature present; try a missing policy other than drop."
                : $"The target column '{spec.Target}' has no values.");
        }

        var encoding = TargetEncoding.Create(target, usable, spec.Task);
        var stratify = encoding.Task != TaskKind.Regression && spec.Split.Stratify;
        var (train, validation, test) = DatasetSplitter.Split(
            usable,
            stratify ? usable.Select(encoding.ClassOf).ToArray() : null,
            encoding.ClassCount,
            spec.Split,
            spec.Seed);

        var plan = FeaturePlan.Fit(table, features, train, spec.Missing);
        return new PreparedData
        {
            Task = encoding.Task,
            ClassNames = encoding.ClassNames,
            Plan = plan,
            Train = Transform(table, plan, encoding, train),
            Validation = Transform(table, plan, encoding, validation),
            Test = Transform(table, plan, encoding, test),
            Target = target.Name,
            FeatureColumns = features,
            TrainRows = train,
            ValidationRows = validation,
            TestRows = test,
            DroppedRows = table.RowCount - usable.Count,
        };
    }

    private static string[] ResolveFeatures(DataTable table, TrainingSpec spec)
    {
        if (spec.Features is null)
        {
            var all = table.Columns.Where(c => c.Name != spec.Target).Select(c => c.Name).ToArray();
            return all.Length > 0
                ? all
                : throw new MaasException(ErrorCode.InvalidArgument, $"The dataset has no column besides the target '{spec.Target}' to use as a feature.");
        }

        if (spec.Features.Count == 0)
        {
            throw new MaasException(ErrorCode.InvalidArgument, "The feature list is empty; omit it to use every column but the target.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in spec.Features)
        {
            if (!table.TryGetColumn(name, out _))
            {
                throw new MaasException(ErrorCode.InvalidArgument, $"The feature column '{name}' is not in the dataset. Its columns are: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
            }

            if (name == spec.Target)
            {
                throw new MaasException(ErrorCode.InvalidArgument, $"The target column '{name}' cannot also be a feature.");
            }

            if (!seen.Add(name))
            {
                throw new MaasException(ErrorCode.InvalidArgument, $"The feature column '{name}' is listed twice.");
            }
        }

        return [.. spec.Features];
    }

    private static SplitData Transform(DataTable table, FeaturePlan plan, TargetEncoding encoding, int[] rows)
    {
        var targets = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            targets[i] = encoding.Encode(rows[i]);
        }

        return new SplitData(plan.Transform(table, rows), rows.Length, plan.Width, targets);
    }
}
