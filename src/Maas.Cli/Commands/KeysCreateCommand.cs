using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Maas.Core.Security;

namespace Maas.Cli.Commands;

/// <summary><c>maas keys create</c>: makes an API key and prints it, the only time it is ever shown.</summary>
internal static class KeysCreateCommand
{
    public static Command Create(ClientOptions options)
    {
        var role = new Option<string>("--role")
        {
            HelpName = "ROLE",
            Description = "admin (everything), publisher (manage and serve models in its scopes) or consumer (read metadata and infer in its scopes).",
            Required = true,
        };
        role.AcceptOnlyFromAmong("admin", "publisher", "consumer");
        var scope = new Option<string[]>("--scope")
        {
            HelpName = "PATTERN",
            Description = "A model-name pattern the key may see, such as 'fraud-*' (* any run of characters, ? one); repeat for several; '*' for every model. Required for publisher and consumer keys; quote it so the shell leaves the * alone.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var expires = new Option<DateTimeOffset?>("--expires")
        {
            HelpName = "WHEN",
            Description = "When the key stops working: a span from now (30d, 12h, 2w) or an ISO 8601 time (2026-12-31T18:00:00Z). Default: never.",
            CustomParser = result => TimeArgument.TryParse(result.Tokens[0].Value, DateTimeOffset.UtcNow, 1, out var time)
                ? time
                : Fail(result, $"'{result.Tokens[0].Value}' is not a time; use a span such as 30d or an ISO 8601 time."),
        };
        var description = new Option<string>("--description") { HelpName = "TEXT", Description = "Who or what holds the key." };
        var command = new Command(
            "create",
            "Create an API key. Standard output gets the key alone, so it can go straight into a secret store; it is never shown again.")
        {
            role,
            scope,
            expires,
            description,
        }.WithExamples(
            "maas keys create --role consumer --scope 'fraud-*' --expires 30d",
            "maas keys create --role publisher --scope 'fraud-*' --scope 'risk-*' --description \"training pipeline\"",
            "maas keys create --role admin --description \"second admin\" --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var request = new CreateKeyRequest(
                Enum.Parse<Role>(context.ParseResult.GetRequiredValue(role), ignoreCase: true),
                context.GetOptional(scope) is { Length: > 0 } scopes ? scopes : null,
                context.GetOptional(expires),
                context.GetOptional(description));
            var created = await context.Client.CreateKeyAsync(request, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(created);
                return;
            }

            context.Output.Line(created.Key);
            context.Output.Hint($"Created {KeyViews.Describe(created.ToInfo())}.");
            context.Output.Hint("This is the only time the key is shown: store it now. Clients send it as 'Authorization: Bearer <key>'.");
        });
        return command;
    }

    private static DateTimeOffset? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
