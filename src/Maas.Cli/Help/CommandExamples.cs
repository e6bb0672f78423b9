using System.CommandLine;
using System.Runtime.CompilerServices;

namespace Maas.Cli.Help;

/// <summary>Example command lines attached to a command and printed by <see cref="ExamplesHelpAction"/>.</summary>
internal static class CommandExamples
{
    private static readonly ConditionalWeakTable<Command, string[]> Examples = [];

    public static T WithExamples<T>(this T command, params string[] examples)
        where T : Command
    {
        Examples.AddOrUpdate(command, examples);
        return command;
    }

    public static IReadOnlyList<string> Of(Command command) =>
        Examples.TryGetValue(command, out var examples) ? examples : [];
}
