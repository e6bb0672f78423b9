using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary><c>maas models delete NAME [VERSION]</c>: deletes one version, or the model once it has none.</summary>
internal static class DeleteCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name();
        var version = new Argument<int?>("VERSION")
        {
            Description = "The version to delete. Without it, the model itself is deleted, which the server allows only once it has no versions.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command(
            "delete",
            "Delete a version of a model, or the model itself. A version an alias points at is kept until the alias is moved or removed.")
        {
            name,
            version,
        }.WithExamples("maas models delete fraud 1", "maas models delete fraud");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var modelName = context.GetValue(name);
            if (context.GetOptional(version) is { } number)
            {
                await context.Client.DeleteVersionAsync(modelName, number, cancellationToken);
                if (!context.Output.Json)
                {
                    context.Output.Line($"Deleted {modelName} version {number}.");
                }

                return;
            }

            await context.Client.DeleteModelAsync(modelName, cancellationToken);
            if (!context.Output.Json)
            {
                context.Output.Line($"Deleted model {modelName}.");
            }
        });
        return command;
    }
}
