using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary><c>maas admin …</c>: operations on the server itself, each a request to a running server with an admin key.</summary>
internal static class AdminCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var command = new Command(
            "admin",
            "Administer a running Maas server: operations on the server itself rather than on models. They need an admin API key.")
        {
            RotateMasterKeyCommand.Create(options),
            new Command("audit", "Maintain the audit log.") { AuditPruneCommand.Create(options) },
        }.WithExamples("maas admin rotate-master-key", "maas admin audit prune --before 180d");
        options.AddTo(command);
        return command;
    }
}
