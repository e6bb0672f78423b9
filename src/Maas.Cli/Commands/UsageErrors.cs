using System.CommandLine;
using System.CommandLine.Parsing;
using Maas.Cli.Output;

namespace Maas.Cli.Commands;

/// <summary>
/// Reports a command line that does not parse as <c>error: …</c> lines and a pointer to <c>--help</c>, instead of
/// System.CommandLine's full help page, so the mistake is the first thing the user reads.
/// </summary>
internal static class UsageErrors
{
    public static void Write(ParseResult parseResult, CliOutput output)
    {
        foreach (var message in parseResult.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
        {
            output.WriteError(message);
        }

        output.Hint($"Run '{CommandPath(parseResult.CommandResult)} --help' for usage and examples.");
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Push(command.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
