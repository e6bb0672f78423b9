using System.CommandLine;
using System.CommandLine.Help;
using Maas.Cli.Commands.Training;
using Maas.Cli.Help;

namespace Maas.Cli.Commands;

/// <summary>The <c>maas</c> command tree.</summary>
internal static class MaasRootCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Maas: a self-hosted model-as-a-service platform. `maas serve` runs the server; `maas models` manages its registry, `maas datasets` its training data, `maas train` and `maas jobs` its training jobs, `maas keys` its API keys and `maas audit` shows its audit log, over HTTP.")
        {
            ServeCommand.Create(),
            ModelsCommand.Create(),
            DatasetsCommand.Create(),
            TrainCommand.Create(),
            JobsCommand.Create(),
            KeysCommand.Create(),
            AuditCommand.Create(),
            AdminCommand.Create(),
            WorkerCommand.Create(),
        }.WithExamples(
            "maas serve --data-dir ./maas-data",
            "maas models create fraud",
            "maas models push fraud model.onnx",
            "maas models show fraud",
            "maas datasets push iris iris.csv",
            "maas train --dataset iris --target species --model mlp --hidden 64,32 --epochs 50 --register iris-clf");
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction standardHelp)
            {
                help.Action = new ExamplesHelpAction(standardHelp);
            }
        }

        return root;
    }
}
