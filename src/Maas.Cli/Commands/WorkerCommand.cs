using System.CommandLine;
using Maas.Server.Training.Worker;

namespace Maas.Cli.Commands;

/// <summary>
/// <c>maas worker train</c>, hidden from help: the training worker <c>maas serve</c> starts for each job. It speaks a
/// framed protocol on standard input and output (see <see cref="TrainingWorkerHost"/>) and is not meant to be run by hand.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var train = new Command("train", "Train one job sent by the server on standard input (internal).") { Hidden = true };
        train.SetAction(async (_, cancellationToken) =>
        {
            await using var input = Console.OpenStandardInput();
            await using var output = Console.OpenStandardOutput();
            return await TrainingWorkerHost.RunAsync(input, output, Console.Error, cancellationToken);
        });
        return new Command("worker", "Internal: the server's child processes.") { Hidden = true, Subcommands = { train } };
    }
}
