using System.Globalization;
using Maas.Cli.Output;
using Maas.Client.Training;
using Maas.Core.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Maas.Cli.Commands.Training;

/// <summary>Renderings of training jobs: the list, one job's details, its epoch history and one-line progress.</summary>
internal static class JobViews
{
    public static Table List(IEnumerable<JobInfo> jobs)
    {
        var table = new Table().AddColumns("ID", "STATE", "DATASET", "MODEL", "PROGRESS", "CREATED", "RESULT");
        foreach (var job in jobs)
        {
            table.AddRow(
                new Text(job.Id),
                new Text(State(job.State)),
                new Text(Dataset(TrainingSpec.FromJson(job.Spec))),
                new Text(TrainingSpec.FromJson(job.Spec) is { } spec ? $"{FlagValues.Display(spec.Model.Kind)} → {spec.Register}" : "-"),
                new Text(Progress(job)),
                new Text(Formats.Time(job.Created)),
                new Text(job.Result is { } result ? $"{result.Model} v{Formats.Number(result.Version)}" : "-"));
        }

        return table;
    }

    public static IRenderable Details(JobInfo job)
    {
        var spec = TrainingSpec.FromJson(job.Spec);
        var fields = new FieldList()
            .Add("id", job.Id)
            .Add("state", State(job.State))
            .Add("dataset", Dataset(spec))
            .Add("target", spec?.Target ?? "-")
            .Add("model", spec is null ? "-" : FlagValues.Display(spec.Model.Kind))
            .Add("register", spec?.Register ?? "-")
            .Add("progress", Progress(job))
            .Add("created", Formats.Time(job.Created))
            .Add("started", job.Started is { } started ? Formats.Time(started) : "-")
            .Add("finished", job.Finished is { } finished ? Formats.Time(finished) : "-");
        if (job.Result is { } result)
        {
            fields.Add("result", $"{result.Model} version {Formats.Number(result.Version)}");
        }

        if (job.Error is { Length: > 0 } error)
        {
            fields.Add("error", error);
        }

        return fields.ToRenderable();
    }

    /// <summary>One row per finished epoch: losses and the validation metrics.</summary>
    public static Table History(IReadOnlyList<JobEpoch> history)
    {
        var metrics = MetricsView.Order(history.SelectMany(e => e.Metrics?.Keys ?? Enumerable.Empty<string>())).ToList();
        var table = new Table().AddColumns("EPOCH", "TRAIN LOSS", "VALIDATION LOSS");
        foreach (var metric in metrics)
        {
            table.AddColumn("VAL " + metric.ToUpperInvariant());
        }

        foreach (var column in table.Columns)
        {
            column.RightAligned();
        }

        foreach (var epoch in history)
        {
            var cells = new List<Text>
            {
                new(Formats.Number(epoch.Epoch)),
                new(epoch.TrainLoss is { } train ? MetricsView.Value(train) : "-"),
                new(epoch.ValidationLoss is { } validation ? MetricsView.Value(validation) : "-"),
            };
            cells.AddRange(metrics.Select(m => new Text(epoch.Metrics is { } values && values.TryGetValue(m, out var v) ? MetricsView.Value(v) : "-")));
            table.AddRow(cells);
        }

        return table;
    }

    /// <summary>"epoch 3/50, 6.0%" style progress; the state name when the job has none.</summary>
    public static string Progress(JobInfo job)
    {
        if (job.Progress is not { Epochs: > 0 } progress)
        {
            return job.State == JobState.Succeeded ? "100%" : "-";
        }

        return $"epoch {Formats.Number(progress.Epoch)}/{Formats.Number(progress.Epochs)}, {progress.Percent.ToString("0.0", CultureInfo.InvariantCulture)}%";
    }

    /// <summary>
    /// The live line beside the progress bar, short enough for an 80-column terminal: "epoch 3/50 · loss 0.412 ·
    /// val 0.392 · ETA 12s", with the first validation metric added when <paramref name="wide"/>.
    /// </summary>
    public static string ProgressLine(JobInfo job, bool wide = true)
    {
        if (job.State == JobState.Queued)
        {
            return "queued";
        }

        var parts = new List<string>();
        if (job.Progress is { Epochs: > 0 } progress)
        {
            parts.Add($"epoch {Formats.Number(progress.Epoch)}/{Formats.Number(progress.Epochs)}");
        }

        if (job.History.Count > 0 && job.History[^1] is var last)
        {
            if (last.TrainLoss is { } train)
            {
                parts.Add("loss " + Short(train));
            }

            if (last.ValidationLoss is { } validation)
            {
                parts.Add("val " + Short(validation));
            }

            if (wide && last.Metrics is { Count: > 0 } metrics && MetricsView.Order(metrics.Keys).First() is var metric)
            {
                parts.Add($"{metric} {Short(metrics[metric])}");
            }
        }

        if (job.Progress?.EtaSeconds is { } eta && double.IsFinite(eta) && eta >= 0 && !job.IsTerminal)
        {
            parts.Add("ETA " + Duration(TimeSpan.FromSeconds(eta)));
        }

        return parts.Count == 0 ? JobViews.State(job.State) : string.Join(" · ", parts);
    }

    /// <summary>"loss 0.4123, val loss 0.3920, val accuracy 0.9333": an epoch in one line.</summary>
    public static string Losses(JobEpoch epoch)
    {
        var parts = new List<string>();
        if (epoch.TrainLoss is { } train)
        {
            parts.Add("loss " + MetricsView.Value(train));
        }

        if (epoch.ValidationLoss is { } validation)
        {
            parts.Add("val loss " + MetricsView.Value(validation));
        }

        if (epoch.Metrics is { } metrics)
        {
            parts.AddRange(MetricsView.Order(metrics.Keys).Take(2).Select(m => $"val {m} {MetricsView.Value(metrics[m])}"));
        }

        return parts.Count == 0 ? $"epoch {Formats.Number(epoch.Epoch)} done" : string.Join(", ", parts);
    }

    /// <summary>A span for people: <c>42s</c>, <c>3m05s</c>, <c>1h02m</c>.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{Math.Max(0, (int)Math.Round(span.TotalSeconds))}s";

    private static string Short(double value) =>
        double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    public static string State(JobState state) => state.ToString().ToLowerInvariant();

    private static string Dataset(TrainingSpec? spec) =>
        spec is null ? "-" : spec.DatasetVersion is { } version ? $"{spec.Dataset}@{Formats.Number(version)}" : spec.Dataset;
}
