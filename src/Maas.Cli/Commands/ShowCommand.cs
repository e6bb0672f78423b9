using System.CommandLine;
using Maas.Cli.Commands.Training;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Spectre.Console;

namespace Maas.Cli.Commands;

/// <summary><c>maas models show NAME</c>: metadata, versions, and the signature a caller must follow.</summary>
internal static class ShowCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name();
        var version = new Option<int?>("--version") { HelpName = "N", Description = "Show the signature and lineage of version N. Default: the latest version." };
        var command = new Command(
            "show",
            "Show a model: its metadata and aliases, its versions, the inputs and outputs of its latest version and, for a trained version, its lineage (job, dataset version and digest) and metrics. With --json, prints the model as the server returns it.")
        {
            name,
            version,
        }.WithExamples("maas models show fraud", "maas models show fraud --version 1");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var model = await context.Client.GetModelAsync(context.GetValue(name), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(model);
                return;
            }

            var console = context.Output.Out;
            console.Write(ModelViews.Details(model));
            if (model.VersionCount == 0)
            {
                context.Output.Hint($"No versions yet. Push one with: maas models push {model.Name} model.onnx");
                return;
            }

            var versions = await context.Client.ListVersionsAsync(model.Name, cancellationToken);
            console.WriteLine();
            console.Write(VersionViews.List(versions));

            var selected = context.GetOptional(version) ?? model.LatestVersion;
            if (selected is not { } number)
            {
                return;
            }

            var shown = versions.FirstOrDefault(v => v.Version == number)
                ?? await context.Client.GetVersionAsync(model.Name, number, cancellationToken);
            console.WriteLine();
            console.Write(new Text($"Signature of version {shown.Version}:{Environment.NewLine}"));
            console.Write(SignatureView.Table(shown.Signature));
            if (shown.Lineage is { } lineage)
            {
                LineageView.Write(console, shown.Version, lineage);
            }
        });
        return command;
    }
}
