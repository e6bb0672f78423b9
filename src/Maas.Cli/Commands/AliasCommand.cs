using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary><c>maas models alias NAME ALIAS VERSION</c>: points an alias at a version.</summary>
internal static class AliasCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name();
        var alias = ModelArguments.Alias("The alias, such as production: a valid name with at least one non-digit.");
        var version = ModelArguments.Version("The version the alias should select.");
        var command = new Command(
            "alias",
            "Point an alias at a version, creating it or moving it in one atomic step: callers see the old or the new version, never neither.")
        {
            name,
            alias,
            version,
        }.WithExamples("maas models alias fraud production 2", "maas models alias fraud staging 3");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var result = await context.Client.SetAliasAsync(context.GetValue(name), context.GetValue(alias), context.GetValue(version), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(result);
                return;
            }

            context.Output.Line($"{result.Model}:{result.Alias} now points at version {result.Version}.");
        });
        return command;
    }
}
