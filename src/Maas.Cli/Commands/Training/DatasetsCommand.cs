using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Spectre.Console;

namespace Maas.Cli.Commands.Training;

/// <summary><c>maas datasets …</c>: push CSV files as numbered dataset versions, list, show their schema, delete.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var command = new Command(
            "datasets",
            "Manage the training datasets of a running Maas server: CSV files stored as numbered versions, each with the schema and statistics the server inferred.")
        {
            Push(options),
            List(options),
            Show(options),
            Delete(options),
        }.WithExamples(
            "maas datasets push iris iris.csv",
            "maas datasets list",
            "maas datasets show iris --version 1",
            "maas datasets delete iris 1");
        options.AddTo(command);
        return command;
    }

    private static Command Push(ClientOptions options)
    {
        var name = ModelArguments.Name("The dataset's name; it is created on its first push.");
        var file = new Argument<FileInfo>("FILE") { Description = "The CSV file, with a header row." }.AcceptExistingOnly();
        var command = new Command(
            "push",
            "Upload a CSV file as the dataset's next version. The server checks it (a malformed file is refused with the line and column of the first problem), stores it by its SHA-256 digest and infers each column's kind and statistics.")
        {
            name,
            file,
        }.WithExamples("maas datasets push iris iris.csv", "maas datasets push iris iris.csv --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var datasetName = context.GetValue(name);
            var version = await TransferProgress.UploadFileAsync(
                context.Output,
                context.GetValue(file).FullName,
                (stream, progress) => context.Client.PushDatasetAsync(datasetName, stream, progress, cancellationToken));
            if (context.Output.Json)
            {
                context.Output.WriteJson(version);
                return;
            }

            context.Output.Line($"Pushed {version.Dataset} version {Formats.Number(version.Version)}.");
            context.Output.Out.Write(DatasetViews.Details(version));
            context.Output.Out.WriteLine();
            context.Output.Out.Write(DatasetViews.Schema(version.Columns));
        });
        return command;
    }

    private static Command List(ClientOptions options)
    {
        var command = new Command("list", "List the datasets, by name, with their version counts.")
            .WithExamples("maas datasets list", "maas datasets list --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var datasets = await context.Client.ListDatasetsAsync(cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { datasets });
                return;
            }

            if (datasets.Count == 0)
            {
                context.Output.Line("No datasets.");
                context.Output.Hint("Push one with: maas datasets push NAME file.csv");
                return;
            }

            context.Output.Out.Write(DatasetViews.List(datasets));
        });
        return command;
    }

    private static Command Show(ClientOptions options)
    {
        var name = ModelArguments.Name("The dataset's name.");
        var version = new Option<int?>("--version") { HelpName = "N", Description = "Show the schema of version N. Default: the newest version." };
        var command = new Command(
            "show",
            "Show a dataset: its versions, and the schema of the newest (or the given) version: each column's kind, count, missing values, mean, standard deviation, minimum, maximum, distinct values and top categories.")
        {
            name,
            version,
        }.WithExamples("maas datasets show iris", "maas datasets show iris --version 1 --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var datasetName = context.GetValue(name);
            if (context.GetOptional(version) is { } number && context.Output.Json)
            {
                context.Output.WriteJson(await context.Client.GetDatasetVersionAsync(datasetName, number, cancellationToken));
                return;
            }

            var dataset = await context.Client.GetDatasetAsync(datasetName, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(dataset);
                return;
            }

            var console = context.Output.Out;
            console.Write(new FieldList().Add("name", dataset.Name).Add("created", Formats.Time(dataset.Created)).Add("versions", Formats.Number(dataset.Versions.Count)).ToRenderable());
            if (dataset.Versions.Count == 0)
            {
                context.Output.Hint($"No versions. Push one with: maas datasets push {dataset.Name} file.csv");
                return;
            }

            console.WriteLine();
            console.Write(DatasetViews.Versions(dataset.Versions));
            var selected = context.GetOptional(version) is { } wanted
                ? dataset.Versions.FirstOrDefault(v => v.Version == wanted) ?? await context.Client.GetDatasetVersionAsync(dataset.Name, wanted, cancellationToken)
                : dataset.Versions.MaxBy(v => v.Version)!;
            console.WriteLine();
            console.Write(new Text($"Schema of version {Formats.Number(selected.Version)} ({Formats.Number(selected.Rows)} rows):{Environment.NewLine}"));
            console.Write(DatasetViews.Schema(selected.Columns));
        });
        return command;
    }

    private static Command Delete(ClientOptions options)
    {
        var name = ModelArguments.Name("The dataset's name.");
        var version = new Argument<int?>("VERSION")
        {
            Description = "The version to delete. Without it, give --all to delete the dataset with every version.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var all = new Option<bool>("--all") { Description = "Delete the dataset and every version of it." };
        var command = new Command(
            "delete",
            "Delete a dataset version, or with --all the whole dataset. Models trained on it keep working and keep its digest in their lineage.")
        {
            name,
            version,
            all,
        }.WithExamples("maas datasets delete iris 1", "maas datasets delete iris --all");
        command.Validators.Add(result =>
        {
            var hasVersion = result.GetResult(version) is { Tokens.Count: > 0 };
            var hasAll = result.GetResult(all) is not null;
            if (hasVersion == hasAll)
            {
                result.AddError(hasVersion
                    ? "Give a VERSION or --all, not both."
                    : "Give the VERSION to delete, or --all to delete the dataset with every version.");
            }
        });
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var datasetName = context.GetValue(name);
            if (context.GetOptional(version) is { } number)
            {
                await context.Client.DeleteDatasetVersionAsync(datasetName, number, cancellationToken);
                if (!context.Output.Json)
                {
                    context.Output.Line($"Deleted {datasetName} version {Formats.Number(number)}.");
                }

                return;
            }

            await context.Client.DeleteDatasetAsync(datasetName, cancellationToken);
            if (!context.Output.Json)
            {
                context.Output.Line($"Deleted dataset {datasetName} and all its versions.");
            }
        });
        return command;
    }
}
