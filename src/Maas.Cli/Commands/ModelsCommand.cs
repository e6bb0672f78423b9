using System.CommandLine;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary><c>maas models …</c>: the registry commands, each a request to a running server.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var command = new Command(
            "models",
            "Manage the model registry of a running Maas server: models, their numbered versions and aliases.")
        {
            CreateCommand.Create(options),
            ListCommand.Create(options),
            ShowCommand.Create(options),
            UpdateCommand.Create(options),
            VersionsCommand.Create(options),
            PushCommand.Create(options),
            DownloadCommand.Create(options),
            DeleteCommand.Create(options),
            AliasCommand.Create(options),
            UnaliasCommand.Create(options),
        }.WithExamples(
            "maas models create fraud --description \"card fraud scorer\"",
            "maas models push fraud model.onnx",
            "maas models alias fraud production 1",
            "maas models list --server http://maas.internal:8000");
        options.AddTo(command);
        return command;
    }
}
