using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Maas.Core.Security;

namespace Maas.Cli.Commands;

/// <summary><c>maas audit</c>: the server's audit log, newest first (needs an admin key).</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var action = new Option<string>("--action")
        {
            HelpName = "ACTION",
            Description = "Only this action (model.create, version.upload, key.revoke, auth.failure…), or a prefix ending in * (model.*, auth.*).",
        };
        var key = new Option<string>("--key") { HelpName = "ID", Description = "Only entries of the key with this id." };
        var since = new Option<DateTimeOffset?>("--since")
        {
            HelpName = "WHEN",
            Description = "Only entries from this time on: a span back from now (1h, 7d) or an ISO 8601 time.",
            CustomParser = result =>
            {
                if (TimeArgument.TryParse(result.Tokens[0].Value, DateTimeOffset.UtcNow, -1, out var time))
                {
                    return time;
                }

                result.AddError($"'{result.Tokens[0].Value}' is not a time; use a span such as 24h or an ISO 8601 time.");
                return null;
            },
        };
        var limit = new Option<int>("--limit")
        {
            HelpName = "N",
            Description = $"At most this many entries, 1 to {AuditQuery.MaxLimit}. Default: {AuditQuery.DefaultLimit}.",
            DefaultValueFactory = _ => AuditQuery.DefaultLimit,
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > AuditQuery.MaxLimit)
            {
                result.AddError($"--limit must be between 1 and {AuditQuery.MaxLimit}.");
            }
        });
        var pageToken = new Option<long?>("--page-token") { HelpName = "TOKEN", Description = "Continue with older entries, as printed after the previous page." };
        var command = new Command(
            "audit",
            "Show the audit log of a running Maas server, newest first: every change and every failed authentication, with time, key, action, target, outcome and address. Needs an admin key.")
        {
            action,
            key,
            since,
            limit,
            pageToken,
        }.WithExamples(
            "maas audit",
            "maas audit --action 'auth.*' --since 24h",
            "maas audit --key 3f2a9c0d1b2e4f60 --limit 20 --json");
        options.AddTo(command);
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var page = await context.Client.GetAuditAsync(
                new AuditQuery(context.GetOptional(action), context.GetOptional(key), context.GetOptional(since), context.GetOptional(limit), context.GetOptional(pageToken)),
                cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(page);
                return;
            }

            if (page.Entries.Count == 0)
            {
                context.Output.Line("No audit entries match.");
                return;
            }

            context.Output.Out.Write(AuditViews.List(page.Entries));
            if (page.NextPageToken is { } token)
            {
                context.Output.Hint($"Older entries follow: add --page-token {token}.");
            }
        });
        return command;
    }
}
