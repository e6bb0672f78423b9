using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Maas.Core.Registry;

namespace Maas.Cli.Commands;

/// <summary><c>maas models create NAME</c>: registers a model, with no versions yet.</summary>
internal static class CreateCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name("The new model's name: 1-63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        var metadata = new MetadataOptions();
        var command = new Command("create", "Register a new model. It has no versions until you push one.") { name }
            .WithExamples(
                "maas models create fraud --description \"card fraud scorer\" --tag team=risk --label legit --label fraud",
                "maas models create resnet --labels-file imagenet-classes.txt");
        metadata.AddTo(command);
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var request = new CreateModelRequest(
                context.GetValue(name),
                context.GetOptional(metadata.Description),
                metadata.GetTags(context.ParseResult),
                await metadata.GetLabelsAsync(context.ParseResult, cancellationToken));
            var model = await context.Client.CreateModelAsync(request, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(model);
                return;
            }

            context.Output.Line($"Created model {model.Name}.");
            context.Output.Hint($"Push its first version with: maas models push {model.Name} model.onnx");
        });
        return command;
    }
}
