using Maas.Core.Training;
using Maas.Training.Data;

namespace Maas.Training.Spec;

/// <summary>What a job's memory estimate needs to know of its data: rows, the table's bytes and the network's widths.</summary>
/// <param name="Rows">Data rows.</param>
/// <param name="TableBytes">The dataset in memory (<see cref="DatasetMemory"/>).</param>
/// <param name="InputWidth">Preprocessed values per row (a categorical feature counts one per category).</param>
/// <param name="Outputs">The network's outputs: 1 for regression, at most the number of classes otherwise.</param>
internal sealed record DatasetShape(long Rows, long TableBytes, int InputWidth, int Outputs)
{
    /// <summary>Labels whose length nothing tells are counted at this many characters.</summary>
    private const int UnknownLabelCharacters = 16;

    /// <summary>The shape of <paramref name="dataset"/>'s stored profile as <paramref name="spec"/> would use it.</summary>
    public static DatasetShape From(TrainingSpec spec, DatasetVersionInfo dataset)
    {
        long tableBytes = 0;
        long width = 0;
        var outputs = 1;
        foreach (var column in dataset.Columns)
        {
            var numeric = column.Kind == DatasetColumnKind.Numeric;
            tableBytes += numeric
                ? dataset.Rows * DatasetMemory.NumericCellBytes
                : (dataset.Rows * DatasetMemory.CategoricalCellBytes) + (column.Distinct * DatasetMemory.LabelBytes(LabelCharacters(column)));
            if (column.Name == spec.Target)
            {
                var classifier = spec.Task is TaskKind.Binary or TaskKind.Multiclass || (spec.Task is null && (!numeric || column.Distinct <= DataPreparation.MaxInferredClasses));
                outputs = classifier ? (int)Math.Clamp(column.Distinct, 1, int.MaxValue) : 1;
            }
            else if (spec.Features is null || spec.Features.Contains(column.Name))
            {
                width += numeric ? 1 : Math.Min(column.Distinct, FeaturePlan.MaxCategories);
            }
        }

        if (spec.Model.Kind == ModelKind.Cnn && spec.Model.Cnn is { InputShape.Count: 3 } cnn)
        {
            // The network reads C·H·W values; whether the features give that many is checked when the job starts.
            width = (long)cnn.InputShape[0] * cnn.InputShape[1] * cnn.InputShape[2];
        }

        return new DatasetShape(dataset.Rows, tableBytes, (int)Math.Clamp(width, 1, int.MaxValue), outputs);
    }

    /// <summary>The average length of the most frequent labels, the only lengths a stored profile keeps.</summary>
    private static int LabelCharacters(DatasetColumn column) =>
        column.TopCategories.Count == 0 ? UnknownLabelCharacters : (int)Math.Ceiling(column.TopCategories.Average(c => c.Value.Length));
}
