using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary><c>maas admin audit prune --before WHEN</c>: drops whole months of the audit log older than the retention.</summary>
internal static class AuditPruneCommand
{
    public static Command Create(ClientOptions options)
    {
        var before = new Option<DateTimeOffset?>("--before")
        {
            HelpName = "WHEN",
            Required = true,
            Description = "Drop the months whose entries are all older than this: a span back from now (180d) or an ISO 8601 time. The server refuses one later than its minimum retention (default 90 days) ago.",
            CustomParser = result =>
            {
                if (TimeArgument.TryParse(result.Tokens[0].Value, DateTimeOffset.UtcNow, -1, out var time))
                {
                    return time;
                }

                result.AddError($"'{result.Tokens[0].Value}' is not a time; use a span such as 180d or an ISO 8601 time.");
                return null;
            },
        };
        var command = new Command(
            "prune",
            "Drop whole months of the audit log whose entries are all older than --before. Only whole months go, never the current one, and the prune is itself audited.")
        {
            before,
        }.WithExamples("maas admin audit prune --before 180d", "maas admin audit prune --before 2026-01-01T00:00:00Z");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var result = await context.Client.PruneAuditAsync(context.GetOptional(before)!.Value, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(result);
                return;
            }

            context.Output.Line(result.Dropped.Count == 0
                ? "No month of the audit log is old enough to drop."
                : $"Dropped {result.Dropped.Count} months of the audit log ({string.Join(", ", result.Dropped.Select(p => p.Month))}): {result.Dropped.Sum(p => p.Entries)} entries.");
        });
        return command;
    }
}
