using Maas.Core.Security;
using Spectre.Console;

namespace Maas.Cli.Output;

/// <summary>
/// The audit log as a table. Targets and details can hold pieces of hostile requests: always plain text. COUNT is how
/// many attempts a line stands for (failed authentications are counted per source and interval); LEAKED KEY names keys
/// that appeared outside a credential header and must be revoked.
/// </summary>
internal static class AuditViews
{
    public static Table List(IEnumerable<AuditEntry> entries)
    {
        var table = new Table().AddColumns("TIME", "KEY", "ACTION", "TARGET", "OUTCOME", "REMOTE", "DETAIL", "COUNT", "LEAKED KEY");
        foreach (var entry in entries)
        {
            table.AddRow(
                new Text(Formats.Time(entry.Time)),
                new Text(entry.KeyId ?? "-"),
                new Text(entry.Action),
                new Text(Formats.OneLine(entry.Target ?? "-", 60)),
                new Text(entry.Outcome == AuditOutcome.Success ? "success" : "failure"),
                new Text(entry.RemoteAddress ?? "-"),
                new Text(Formats.OneLine(entry.Detail ?? "-", 60)),
                new Text(entry.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(entry.LeakedKey is { } leaked ? leaked + " (revoke)" : "-"));
        }

        return table;
    }
}
