using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Maas.Cli.Help;

/// <summary>
/// The standard help text followed by an "Examples:" section, because a working command line teaches faster than a
/// list of options. System.CommandLine 3 keeps its help layout internal, so this wraps the built-in action.
/// </summary>
internal sealed class ExamplesHelpAction(HelpAction standardHelp) : SynchronousCommandLineAction
{
    // Like the built-in help action: `maas models push --help` must work even though NAME and FILE are missing.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = standardHelp.Invoke(parseResult);
        var examples = CommandExamples.Of(parseResult.CommandResult.Command);
        if (examples.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine("  " + example);
            }

            output.WriteLine();
        }

        return exitCode;
    }
}
