using System.CommandLine;
using Maas.Cli.Output;
using Maas.Client;

namespace Maas.Cli.Commands;

/// <summary>What a client command's action works with: the parsed command line, a connected client and the output.</summary>
internal sealed record ClientContext(ParseResult ParseResult, MaasClient Client, CliOutput Output)
{
    public T GetValue<T>(Argument<T> argument) => ParseResult.GetRequiredValue(argument);

    public T? GetOptional<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? GetOptional<T>(Argument<T> argument) => ParseResult.GetValue(argument);
}
