using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;

namespace Maas.Cli.Commands;

/// <summary><c>maas models versions NAME</c>: a model's versions, newest first.</summary>
internal static class VersionsCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name();
        var command = new Command("versions", "List a model's versions, newest first, with digest, size, creation time and aliases.") { name }
            .WithExamples("maas models versions fraud", "maas models versions fraud --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var versions = await context.Client.ListVersionsAsync(context.GetValue(name), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { versions });
                return;
            }

            if (versions.Count == 0)
            {
                context.Output.Line("No versions.");
                return;
            }

            context.Output.Out.Write(VersionViews.List(versions));
        });
        return command;
    }
}
