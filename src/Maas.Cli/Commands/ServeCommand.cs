using System.CommandLine;
using Maas.Cli.Commands.Training;
using Maas.Cli.Help;
using Maas.Server;

namespace Maas.Cli.Commands;

/// <summary><c>maas serve</c>: runs the server in this process until Ctrl+C or SIGTERM.</summary>
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
        var maxModelBytes = ServeLimitOptions.Bytes("--max-model-bytes", "The largest model file accepted", defaults.MaxModelBytes);
        var memoryBudget = ServeLimitOptions.Bytes("--memory-budget", "The estimated memory all loaded model versions may use together; idle versions are evicted, least recently used first", defaults.MemoryBudgetBytes);
        var maxInferenceBytes = ServeLimitOptions.Bytes("--max-inference-bytes", "The largest inference request body, REST and gRPC alike", defaults.MaxInferenceBodyBytes);
        var intraOpThreads = new Option<int>("--intra-op-threads")
        {
            HelpName = "N",
            Description = "ONNX Runtime threads per execution unless a model's config sets its own; 0 uses every core.",
            DefaultValueFactory = _ => defaults.IntraOpThreads,
        };
        var spinning = new Option<bool>("--ort-spinning")
        {
            Description = "Let ONNX Runtime's threads spin between runs: can help a machine dedicated to one compute-bound model; off, the cores stay free for request handling.",
            DefaultValueFactory = _ => defaults.OrtSpinning,
        };
        var optimization = new Option<string>("--graph-optimization")
        {
            HelpName = "LEVEL",
            Description = "ONNX Runtime graph optimisation level.",
            DefaultValueFactory = _ => defaults.GraphOptimizationLevel,
        };
        optimization.AcceptOnlyFromAmong("none", "basic", "extended", "all");
        var limits = new ServeLimitOptions(defaults);
        var security = new ServeSecurityOptions(defaults);
        var training = new ServeTrainingOptions(defaults);
        var command = new Command(
            Name,
            "Run the Maas server: the REST and management API over HTTP and inference over gRPC, until Ctrl+C or SIGTERM.")
        {
            dataDirectory,
            http,
            grpc,
            maxModelBytes,
            memoryBudget,
            maxInferenceBytes,
            intraOpThreads,
            spinning,
            optimization,
        }.WithExamples(
            "maas serve",
            "maas serve --data-dir /var/lib/maas --http 0.0.0.0:8000 --grpc none",
            "MAAS_DATA_DIR=/srv/maas maas serve --max-model-bytes 4GiB --memory-budget 8GiB",
            "maas serve --request-timeout 10s --shutdown-timeout 60s --max-tensor-elements 100000000",
            "MAAS_ADMIN_KEY=\"$(cat admin.key)\" maas serve --rate-limit 200 --rate-burst 400",
            "maas serve --max-training-jobs 2 --max-dataset-rows 5000000 --max-job-duration 4h");
        limits.AddTo(command);
        security.AddTo(command);
        training.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new MaasServerOptions
            {
                DataDirectory = parseResult.GetRequiredValue(dataDirectory),
                MasterKey = Environment.GetEnvironmentVariable(MasterKeyVariable),
                HttpAddress = parseResult.GetRequiredValue(http),
                GrpcAddress = parseResult.GetRequiredValue(grpc),
                MaxModelBytes = parseResult.GetValue(maxModelBytes),
                MemoryBudgetBytes = parseResult.GetValue(memoryBudget),
                MaxInferenceBodyBytes = (int)Math.Min(int.MaxValue, parseResult.GetValue(maxInferenceBytes)),
                IntraOpThreads = parseResult.GetValue(intraOpThreads),
                OrtSpinning = parseResult.GetValue(spinning),
                GraphOptimizationLevel = parseResult.GetRequiredValue(optimization),
            };
            limits.ApplyTo(parseResult, options);
            security.ApplyTo(parseResult, options);
            training.ApplyTo(parseResult, options);
            return await MaasServerHost.RunAsync(options, cancellationToken);
        });
        return command;
    }
}
