using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary><c>maas keys revoke ID</c>: the key stops working with the server's next request.</summary>
internal static class KeysRevokeCommand
{
    public static Command Create(ClientOptions options)
    {
        var id = IdArgument("The id of the key to revoke, as maas keys list shows it.");
        var command = new Command(
            "revoke",
            "Revoke an API key; it is refused from the next request on. The last active admin key cannot be revoked.")
        {
            id,
        }.WithExamples("maas keys revoke 3f2a9c0d1b2e4f60");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var keyId = context.GetValue(id);
            await context.Client.RevokeKeyAsync(keyId, cancellationToken);
            if (!context.Output.Json)
            {
                context.Output.Line($"Revoked key {keyId}.");
            }
        });
        return command;
    }

    public static Argument<string> IdArgument(string description)
    {
        var argument = new Argument<string>("ID") { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (value.StartsWith("maas_", StringComparison.Ordinal))
            {
                // A whole key on the command line lands in shell history; the id is enough.
                result.AddError("Give the key's id, not the key itself: the id is the part after maas_ and before the next _.");
            }
            else if (value is "" or "." or "..")
            {
                result.AddError($"'{value}' is not a key id.");
            }
        });
        return argument;
    }
}
