using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary><c>maas models unalias NAME ALIAS</c>: removes an alias, keeping the version it pointed at.</summary>
internal static class UnaliasCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name();
        var alias = ModelArguments.Alias("The alias to remove.");
        var command = new Command("unalias", "Remove an alias from a model. The version it pointed at is kept.") { name, alias }
            .WithExamples("maas models unalias fraud staging");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var modelName = context.GetValue(name);
            var aliasName = context.GetValue(alias);
            await context.Client.DeleteAliasAsync(modelName, aliasName, cancellationToken);
            if (!context.Output.Json)
            {
                context.Output.Line($"Removed alias {aliasName} from {modelName}.");
            }
        });
        return command;
    }
}
