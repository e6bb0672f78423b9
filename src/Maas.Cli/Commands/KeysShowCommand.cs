using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;

namespace Maas.Cli.Commands;

/// <summary><c>maas keys show ID</c>: one API key's role, scopes, state and times.</summary>
internal static class KeysShowCommand
{
    public static Command Create(ClientOptions options)
    {
        var id = KeysRevokeCommand.IdArgument("The key's id, as maas keys list shows it.");
        var command = new Command("show", "Show one API key: role, scopes, state, description and times; never its secret.") { id }
            .WithExamples("maas keys show 3f2a9c0d1b2e4f60");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var key = await context.Client.GetKeyAsync(context.GetValue(id), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(key);
                return;
            }

            context.Output.Out.Write(KeyViews.Details(key, DateTimeOffset.UtcNow));
        });
        return command;
    }
}
