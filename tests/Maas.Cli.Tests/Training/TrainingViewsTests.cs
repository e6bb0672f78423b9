using System.Text.Json;
using Maas.Cli.Commands.Training;
using Maas.Core.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Tests.Training;

/// <summary>The tables the training commands print: schema, metrics, epoch history and lineage, rendered as plain text.</summary>
public sealed class TrainingViewsTests
{
    [Fact]
    public void Schema_NumericAndCategoricalColumns_ShowStatisticsAndTopCategories()
    {
        var version = JsonSerializer.Deserialize<DatasetVersionInfo>(TrainingJson.DatasetVersion, JsonSerializerOptions.Web)!;

        var text = Render(DatasetViews.Schema(version.Columns));

        var numeric = Line(text, "sepal_length");
        Assert.Equal(["sepal_length", "numeric", "149", "1", "5.8433", "0.82807", "4.3", "7.9", "35", "-"], Cells(numeric));
        var categorical = Line(text, "species");
        Assert.Equal(["species", "categorical", "150", "0", "-", "-", "-", "-", "3", "setosa (50), versicolor (50), virginica (49), …"], Cells(categorical));
        Assert.Contains("TOP CATEGORIES", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_BySplit_OneRowPerMetricInReadingOrder()
    {
        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["test"] = new Dictionary<string, double> { ["roc_auc"] = 0.99, ["accuracy"] = 0.95652 },
            ["train"] = new Dictionary<string, double> { ["accuracy"] = 0.95, ["f1"] = 0.9478, ["zeta"] = 1 },
            ["validation"] = new Dictionary<string, double> { ["accuracy"] = 0.913 },
        };

        var text = Render(MetricsView.Table(metrics));

        var header = Cells(Line(text, "METRIC"));
        Assert.Equal(["METRIC", "TRAIN", "VALIDATION", "TEST"], header);
        Assert.Equal(["accuracy", "0.9500", "0.9130", "0.9565"], Cells(Line(text, "accuracy")));
        Assert.Equal(["f1", "0.9478", "-", "-"], Cells(Line(text, "f1")));
        Assert.Equal(["roc_auc", "-", "-", "0.9900"], Cells(Line(text, "roc_auc")));
        var rows = text.Split('\n').Select(l => Cells(l).FirstOrDefault()).Where(c => c is "accuracy" or "f1" or "roc_auc" or "zeta").ToList();
        Assert.Equal(["accuracy", "f1", "roc_auc", "zeta"], rows);
    }

    [Fact]
    public void History_EveryEpoch_ShowsLossesAndValidationMetrics()
    {
        var job = JsonSerializer.Deserialize<JobInfo>(TrainingJson.Job(), JsonSerializerOptions.Web)!;

        var text = Render(JobViews.History(job.History));

        Assert.Equal(["EPOCH", "TRAIN LOSS", "VALIDATION LOSS", "VAL ACCURACY"], Cells(Line(text, "EPOCH")));
        Assert.Equal(["3", "0.5200", "0.5000", "0.9130"], Cells(text.Split('\n').Single(l => Cells(l).FirstOrDefault() == "3")));
    }

    [Fact]
    public void ProgressLine_RunningJob_ShowsEpochLossesAndEta()
    {
        var job = JsonSerializer.Deserialize<JobInfo>(TrainingJson.RunningJob(), JsonSerializerOptions.Web)! with
        {
            Progress = new JobProgress(2, 3, 1, 4, 58.3, 65),
        };

        Assert.Equal("epoch 2/3 · loss 0.520 · val 0.500 · accuracy 0.913 · ETA 1m05s", JobViews.ProgressLine(job, wide: true));
        Assert.Equal("epoch 2/3 · loss 0.520 · val 0.500 · ETA 1m05s", JobViews.ProgressLine(job, wide: false));
    }

    [Fact]
    public void Lineage_TrainedVersion_NamesJobDatasetAndDigest()
    {
        var lineage = new ModelLineage(
            "job-0123456789ab", "iris", 2, "sha256:2c26b46b", JsonDocument.Parse(TrainingJson.Spec).RootElement,
            new Dictionary<string, IReadOnlyDictionary<string, double>> { ["test"] = new Dictionary<string, double> { ["accuracy"] = 0.9565 } });

        var text = Render(LineageView.Details(lineage));

        Assert.Contains("job             job-0123456789ab", text, StringComparison.Ordinal);
        Assert.Contains("dataset         iris@2", text, StringComparison.Ordinal);
        Assert.Contains("dataset digest  sha256:2c26b46b", text, StringComparison.Ordinal);
        Assert.Contains("model           logistic", text, StringComparison.Ordinal);
    }

    private static string Render(IRenderable renderable)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 300;
        console.Write(renderable);
        return writer.ToString();
    }

    private static string Line(string text, string firstCell) =>
        text.Split('\n').FirstOrDefault(l => Cells(l).FirstOrDefault() == firstCell)
        ?? throw new Xunit.Sdk.XunitException($"No row starts with {firstCell}:\n{text}");

    // Table rows are drawn with box characters: split on the vertical bars and trim.
    private static List<string> Cells(string line) =>
        [.. line.Split('│', '|').Select(c => c.Trim()).Where(c => c.Length > 0)];
}
