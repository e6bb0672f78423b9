using System.CommandLine;
using Maas.Cli.Help;
using Maas.Server;
using Maas.Server.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace Maas.Cli.Commands;

/// <summary>
/// <c>maas serve</c>: runs the server in this process until Ctrl+C or SIGTERM. Its flags are made from the server's
/// catalogue of settings (<see cref="MaasSettings"/>): each one sets a configuration key that appsettings.json and a
/// <c>MAAS__…</c> environment variable can set too, and the flag wins.
/// </summary>
internal static class ServeCommand
{
    public const string DataDirectoryVariable = "MAAS_DATA_DIR";

    // Never an option: a key on the command line would land in shell history and in every process listing.
    public const string MasterKeyVariable = "MAAS_MASTER_KEY";
    private const string Name = "serve";

    public static bool IsInvoked(ParseResult parseResult) =>
        parseResult.CommandResult.Command.Name == Name && parseResult.CommandResult.Parent is null or { Parent: null };

    public static Command Create()
    {
        var flags = ServeFlag.All();
        var configFile = new Option<FileInfo>("--config")
        {
            HelpName = "FILE",
            Description = $"A JSON configuration file to read instead of {MaasConfiguration.DefaultFileName} in the working folder (which is read when present).",
        };
        var printConfig = new Option<bool>("--print-config")
        {
            Description = "Print every setting's effective value and where it comes from (secrets masked), check them, and exit without starting.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "With --print-config: print JSON, for scripts.",
        };
        var command = new Command(
            Name,
            "Run the Maas server: the REST and management API over HTTP and inference over gRPC, until Ctrl+C or SIGTERM. "
            + "Every flag below is also a configuration key and an environment variable (--max-json-depth is Maas:Limits:MaxJsonDepth in "
            + "appsettings.json and MAAS__LIMITS__MAXJSONDEPTH); a flag wins over a variable, a variable over the file. "
            + "docs/configuration.md lists them all; --print-config shows what this server would run with.")
            .WithExamples(
            "maas serve",
            "maas serve --data-dir /var/lib/maas --http 0.0.0.0:8000 --grpc none",
            "MAAS_DATA_DIR=/srv/maas maas serve --max-model-bytes 4GiB --memory-budget 8GiB",
            "maas serve --request-timeout 10s --shutdown-timeout 60s --max-tensor-elements 100000000",
            "MAAS_ADMIN_KEY=\"$(cat admin.key)\" maas serve --rate-limit 200 --rate-burst 400",
            "maas serve --max-training-jobs 2 --max-dataset-rows 5000000 --max-job-duration 4h",
            "MAAS__SERVING__MEMORYWAITTIMEOUT=00:01:00 maas serve --config /etc/maas/maas.json --print-config");
        foreach (var flag in flags)
        {
            command.Options.Add(flag.Option);
        }

        command.Options.Add(configFile);
        command.Options.Add(printConfig);
        command.Options.Add(json);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var given = flags
                .Select(f => (f.Setting.Key, Value: f.ReadGiven(parseResult)))
                .Where(f => f.Value is not null)
                .ToDictionary(f => f.Key, f => f.Value);
            IConfigurationRoot configuration;
            try
            {
                configuration = MaasConfiguration.Build(given, parseResult.GetValue(configFile)?.FullName);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("maas: cannot start: the configuration cannot be read: " + ex.Message);
                return ExitCodes.Failure;
            }

            return parseResult.GetValue(printConfig)
                ? MaasServerHost.PrintConfiguration(configuration, parseResult.GetValue(json), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error)
                : await MaasServerHost.RunAsync(configuration, cancellationToken);
        });
        return command;
    }
}
