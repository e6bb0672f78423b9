using Maas.Core.Security;
using Spectre.Console;

namespace Maas.Cli.Output;

/// <summary>The audit log as a table. Targets and details can hold pieces of hostile requests: always plain text.</summary>
internal static class AuditViews
{
    public static Table List(IEnumerable<AuditEntry> entries)
    {
        var table = new Table().AddColumns("TIME", "KEY", "ACTION", "TARGET", "OUTCOME", "REMOTE", "DETAIL");
        foreach (var entry in entries)
        {
            table.AddRow(
                new Text(Formats.Time(entry.Time)),
                new Text(entry.KeyId ?? "-"),
                new Text(entry.Action),
                new Text(Formats.OneLine(entry.Target ?? "-", 60)),
                new Text(entry.Outcome == AuditOutcome.Success ? "success" : "failure"),
                new Text(entry.RemoteAddress ?? "-"),
                new Text(Formats.OneLine(entry.Detail ?? "-", 60)));
        }

        return table;
    }
}
