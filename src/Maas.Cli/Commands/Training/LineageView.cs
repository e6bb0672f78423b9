using Maas.Cli.Output;
using Maas.Client.Training;
using Maas.Core.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Commands.Training;

/// <summary>Where a trained model version came from, as <c>maas models show</c> prints it.</summary>
internal static class LineageView
{
    public static IRenderable Details(ModelLineage lineage)
    {
        var fields = new FieldList()
            .Add("job", lineage.JobId)
            .Add("dataset", $"{lineage.Dataset}@{Formats.Number(lineage.DatasetVersion)}")
            .Add("dataset digest", lineage.DatasetDigest);
        if (TrainingSpec.FromJson(lineage.Spec) is { } spec)
        {
            fields.Add("model", FlagValues.Display(spec.Model.Kind))
                .Add("target", spec.Target)
                .Add("task", spec.Task is { } task ? FlagValues.Display(task) : "inferred from the target");
        }

        return fields.ToRenderable();
    }

    /// <summary>Writes the lineage section of <c>models show</c>: the fields, then the metrics table when there are metrics.</summary>
    public static void Write(IAnsiConsole console, int version, ModelLineage lineage)
    {
        console.WriteLine();
        console.Write(new Text($"Trained by job {lineage.JobId} (version {Formats.Number(version)}):{Environment.NewLine}"));
        console.Write(Details(lineage));
        if (lineage.Metrics is { Count: > 0 } metrics)
        {
            console.Write(MetricsView.Table(metrics));
        }
    }
}
