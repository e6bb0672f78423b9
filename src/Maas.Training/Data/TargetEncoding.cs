using System.Globalization;
using Maas.Core;
using Maas.Core.Training;

namespace Maas.Training.Data;

/// <summary>The task and, for classifiers, the classes of a target column, and each row's encoded target.</summary>
internal sealed class TargetEncoding
{
    private readonly DataColumn _column;
    private readonly Dictionary<double, int>? _numericClasses;
    private readonly Dictionary<string, int>? _labelClasses;

    private TargetEncoding(DataColumn column, TaskKind task, IReadOnlyList<string>? classNames, Dictionary<double, int>? numeric, Dictionary<string, int>? labels)
    {
        _column = column;
        Task = task;
        ClassNames = classNames;
        _numericClasses = numeric;
        _labelClasses = labels;
    }

    public TaskKind Task { get; }

    public IReadOnlyList<string>? ClassNames { get; }

    public int ClassCount => ClassNames?.Count ?? 0;

    /// <summary>
    /// Resolves the task over the <paramref name="rows"/> whose target is present. Inference: a categorical target is
    /// binary with two classes, else multiclass; a numeric one is a classifier when every value is a whole number and
    /// there are at most <see cref="DataPreparation.MaxInferredClasses"/> distinct values, else regression.
    /// </summary>
    public static TargetEncoding Create(DataColumn column, IReadOnlyList<int> rows, TaskKind? requested)
    {
        if (column is CategoricalColumn labels)
        {
            if (requested == TaskKind.Regression)
            {
                throw new MaasException(ErrorCode.InvalidArgument, $"The target column '{column.Name}' is categorical; regression needs a numeric target.");
            }

            var names = rows.Select(row => labels.Values[row]!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var task = CheckClasses(column.Name, names.Length, requested);
            return new TargetEncoding(column, task, names, null, names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal));
        }

        var values = ((NumericColumn)column).Values;
        var distinct = rows.Select(row => values[row]).Distinct().Order().ToArray();
        if (requested is null)
        {
            var whole = distinct.All(v => v == Math.Floor(v));
            requested = whole && distinct.Length <= DataPreparation.MaxInferredClasses && distinct.Length >= 2
                ? distinct.Length == 2 ? TaskKind.Binary : TaskKind.Multiclass
                : TaskKind.Regression;
        }

        if (requested == TaskKind.Regression)
        {
            if (distinct.Length < 2)
            {
                throw new MaasException(ErrorCode.InvalidArgument, $"The target column '{column.Name}' has a single value; there is nothing to learn.");
            }

            return new TargetEncoding(column, TaskKind.Regression, null, null, null);
        }

        var classTask = CheckClasses(column.Name, distinct.Length, requested);
        var classNames = distinct.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new TargetEncoding(column, classTask, classNames, distinct.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i), null);
    }

    /// <summary>The class index of a row with a present target (classifiers only).</summary>
    public int ClassOf(int row) => _column switch
    {
        NumericColumn numeric => _numericClasses![numeric.Values[row]],
        CategoricalColumn labels => _labelClasses![labels.Values[row]!],
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The training target of a row: the class index for classifiers, the value for regression.</summary>
    public float Encode(int row) =>
        Task == TaskKind.Regression ? (float)((NumericColumn)_column).Values[row] : ClassOf(row);

    private static TaskKind CheckClasses(string column, int classes, TaskKind? requested)
    {
        var task = requested ?? (classes == 2 ? TaskKind.Binary : TaskKind.Multiclass);
        if (classes < 2)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"The target column '{column}' has {classes} class{(classes == 1 ? "" : "es")}; a classifier needs at least two.");
        }

        if (task == TaskKind.Binary && classes != 2)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"The target column '{column}' has {classes} classes; a binary task needs exactly two (use multiclass).");
        }

        if (classes > DataPreparation.MaxClasses)
        {
            throw new MaasException(ErrorCode.InvalidArgument, $"The target column '{column}' has {classes} classes; at most {DataPreparation.MaxClasses} are supported (is it a regression target?).");
        }

        return task;
    }
}
