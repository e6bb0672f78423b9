using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Maas.Core.Security;

namespace Maas.Cli.Commands;

/// <summary><c>maas keys list</c>: every API key with its role, scopes and state; never a secret.</summary>
internal static class KeysListCommand
{
    public static Command Create(ClientOptions options)
    {
        var command = new Command("list", "List the API keys, oldest first, with role, scopes, state (active, expired, revoked) and expiry.")
            .WithExamples("maas keys list", "maas keys list --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var keys = await context.Client.ListKeysAsync(cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new ApiKeyList(keys));
                return;
            }

            context.Output.Out.Write(KeyViews.List(keys, DateTimeOffset.UtcNow));
        });
        return command;
    }
}
