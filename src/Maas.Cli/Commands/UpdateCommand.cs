using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Maas.Core.Registry;

namespace Maas.Cli.Commands;

/// <summary><c>maas models update NAME</c>: replaces a model's description, tags or labels.</summary>
internal static class UpdateCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name();
        var metadata = new MetadataOptions();
        var clearTags = new Option<bool>("--clear-tags") { Description = "Remove all tags." };
        var clearLabels = new Option<bool>("--clear-labels") { Description = "Remove the class labels." };
        var command = new Command(
            "update",
            "Change a model's metadata. Each option given replaces that property whole (all tags, all labels); the others keep their values.")
        {
            name,
        }.WithExamples(
            "maas models update fraud --description \"card fraud scorer, v2 features\"",
            "maas models update fraud --tag team=risk --tag owner=ana --label legit --label fraud",
            "maas models update fraud --clear-labels");
        metadata.AddTo(command);
        command.Options.Add(clearTags);
        command.Options.Add(clearLabels);
        command.Validators.Add(result =>
        {
            Option[] changes = [metadata.Description, metadata.Tags, metadata.Labels, metadata.LabelsFile, clearTags, clearLabels];
            if (!changes.Any(o => result.GetResult(o) is not null))
            {
                result.AddError("Nothing to change: give --description, --tag, --label, --labels-file, --clear-tags or --clear-labels.");
            }

            if ((result.GetResult(clearTags) is not null && result.GetResult(metadata.Tags) is not null)
                || (result.GetResult(clearLabels) is not null && (result.GetResult(metadata.Labels) ?? result.GetResult(metadata.LabelsFile)) is not null))
            {
                result.AddError("--clear-tags and --clear-labels cannot be combined with new tags or labels.");
            }
        });
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var request = new UpdateModelRequest(
                context.GetOptional(metadata.Description),
                context.GetOptional(clearTags) ? new Dictionary<string, string>() : metadata.GetTags(context.ParseResult),
                context.GetOptional(clearLabels) ? [] : await metadata.GetLabelsAsync(context.ParseResult, cancellationToken));
            var model = await context.Client.UpdateModelAsync(context.GetValue(name), request, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(model);
                return;
            }

            context.Output.Line($"Updated model {model.Name}.");
            context.Output.Out.Write(ModelViews.Details(model));
        });
        return command;
    }
}
