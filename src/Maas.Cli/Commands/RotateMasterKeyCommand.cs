using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary>
/// <c>maas admin rotate-master-key [--new-key-file FILE]</c>: rewraps every blob's data key under a new master key.
/// </summary>
internal static class RotateMasterKeyCommand
{
    public static Command Create(ClientOptions options)
    {
        // A file (or standard input), never the key itself as an argument: that would land in shell history and in
        // every process listing.
        var newKeyFile = new Option<string>("--new-key-file")
        {
            HelpName = "FILE",
            Description = $"A file holding the new master key (base64 of 32 bytes, such as `openssl rand -base64 32` writes); - reads standard input. Required when the server takes its key from {ServeCommand.MasterKeyVariable}; otherwise the server generates one.",
        };
        var command = new Command(
            "rotate-master-key",
            "Rotate the server's master key: every blob's data key is wrapped again under a new key and the old key is retired. " +
            "Blobs are not re-encrypted, every model stays readable throughout, and a crash part-way is finished at the next start.")
        {
            newKeyFile,
        }.WithExamples(
            "maas admin rotate-master-key",
            "openssl rand -base64 32 > new.key && maas admin rotate-master-key --new-key-file new.key");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var newKey = context.GetOptional(newKeyFile) is { } path ? await ReadKeyAsync(path, cancellationToken) : null;
            var result = await context.Client.RotateMasterKeyAsync(newKey, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(result);
                return;
            }

            context.Output.Line(
                $"Rotated the master key to {result.MasterKeyId}: {result.Rewrapped} data keys rewrapped, {result.AlreadyCurrent} already current.");
            if (result.Unreadable > 0)
            {
                context.Output.Hint($"{result.Unreadable} blobs have a data key no held master key opens; they were left as they were. See the server log.");
            }

            if (result.EnvironmentUpdateRequired)
            {
                context.Output.Hint(
                    $"Set {ServeCommand.MasterKeyVariable} to the new key before the server's next restart; until then the server keeps it in master.key.next in its data folder.");
            }
        });
        return command;
    }

    private static async Task<string> ReadKeyAsync(string path, CancellationToken cancellationToken)
    {
        var text = path == "-"
            ? await Console.In.ReadToEndAsync(cancellationToken)
            : await File.ReadAllTextAsync(path, cancellationToken);
        return text.Trim();
    }
}
