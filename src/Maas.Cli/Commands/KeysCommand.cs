using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary><c>maas keys …</c>: create, list, show and revoke API keys (needs an admin key).</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var command = new Command(
            "keys",
            "Manage the API keys of a running Maas server. Needs an admin key (--api-key or MAAS_API_KEY).")
        {
            KeysCreateCommand.Create(options),
            KeysListCommand.Create(options),
            KeysShowCommand.Create(options),
            KeysRevokeCommand.Create(options),
        }.WithExamples(
            "maas keys create --role consumer --scope 'fraud-*' --expires 30d --description \"checkout service\"",
            "maas keys list",
            "maas keys revoke 3f2a9c0d1b2e4f60");
        options.AddTo(command);
        return command;
    }
}
