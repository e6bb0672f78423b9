using System.CommandLine;
using System.CommandLine.Invocation;
using Maas.Cli;
using Maas.Cli.Commands;
using Maas.Cli.Output;

var parseResult = MaasRootCommand.Create().Parse(args);
if (parseResult.Action is ParseErrorAction)
{
    UsageErrors.Write(parseResult, CliOutput.Create(json: false));
    return ExitCodes.Usage;
}

return await parseResult.InvokeAsync(new InvocationConfiguration
{
    // Client commands: Ctrl+C cancels the command's token and the process exits with 130. `maas serve` handles
    // SIGINT and SIGTERM itself, draining requests and exiting with 0 after a clean stop.
    ProcessTerminationTimeout = ServeCommand.IsInvoked(parseResult) ? null : TimeSpan.FromSeconds(2),
});
