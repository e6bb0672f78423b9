using System.CommandLine;
using Maas.Cli.Help;
using Maas.Server;

namespace Maas.Cli.Commands;

/// <summary><c>maas serve</c>: runs the server in this process until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public const string DataDirectoryVariable = "MAAS_DATA_DIR";
    private const string Name = "serve";

    public static bool IsInvoked(ParseResult parseResult) =>
        parseResult.CommandResult.Command.Name == Name && parseResult.CommandResult.Parent is null or { Parent: null };

    public static Command Create()
    {
        var defaults = new MaasServerOptions();
        var dataDirectory = new Option<string>("--data-dir")
        {
            HelpName = "DIR",
            Description = $"The folder for the registry database and model files, created if missing; ${DataDirectoryVariable} when set.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : defaults.DataDirectory,
        };
        var http = new Option<string>("--http")
        {
            HelpName = "HOST:PORT",
            Description = "The HTTP address for the REST and management API; port 0 picks a free port.",
            DefaultValueFactory = _ => defaults.HttpAddress,
        };
        var grpc = new Option<string>("--grpc")
        {
            HelpName = "HOST:PORT|none",
            Description = "The gRPC (HTTP/2) address, or none to disable gRPC.",
            DefaultValueFactory = _ => defaults.GrpcAddress,
        };
        var maxModelBytes = new Option<long>("--max-model-bytes")
        {
            HelpName = "BYTES",
            Description = "The largest model file accepted, in bytes or with a unit such as 500MB or 4GiB.",
            DefaultValueFactory = _ => defaults.MaxModelBytes,
            CustomParser = result =>
            {
                if (ByteCount.TryParse(result.Tokens[0].Value, out var bytes) && bytes > 0)
                {
                    return bytes;
                }

                result.AddError($"'{result.Tokens[0].Value}' is not a size; use bytes or a unit, such as 2GiB.");
                return 0;
            },
        };
        var command = new Command(
            Name,
            "Run the Maas server: the REST and management API over HTTP and inference over gRPC, until Ctrl+C or SIGTERM.")
        {
            dataDirectory,
            http,
            grpc,
            maxModelBytes,
        }.WithExamples(
            "maas serve",
            "maas serve --data-dir /var/lib/maas --http 0.0.0.0:8000 --grpc none",
            "MAAS_DATA_DIR=/srv/maas maas serve --max-model-bytes 4GiB");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new MaasServerOptions
            {
                DataDirectory = parseResult.GetRequiredValue(dataDirectory),
                HttpAddress = parseResult.GetRequiredValue(http),
                GrpcAddress = parseResult.GetRequiredValue(grpc),
                MaxModelBytes = parseResult.GetValue(maxModelBytes),
            };
            return await MaasServerHost.RunAsync(options, cancellationToken);
        });
        return command;
    }
}
