using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Spectre.Console;

namespace Maas.Cli.Commands;

/// <summary><c>maas models push NAME FILE</c>: uploads an ONNX file as the model's next version.</summary>
internal static class PushCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name("The model to add the version to; create it first with `maas models create`.");
        var file = new Argument<FileInfo>("FILE") { Description = "The .onnx file to upload." }.AcceptExistingOnly();
        var command = new Command(
            "push",
            "Upload an ONNX model file as the model's next version. The server checks that it can serve the file, stores it by its SHA-256 digest and reads its signature.")
        {
            name,
            file,
        }.WithExamples("maas models push fraud model.onnx", "maas models push fraud model.onnx --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var modelName = context.GetValue(name);
            var version = await TransferProgress.UploadFileAsync(
                context.Output,
                context.GetValue(file).FullName,
                (stream, progress) => context.Client.PushVersionAsync(modelName, stream, progress, cancellationToken));
            if (context.Output.Json)
            {
                context.Output.WriteJson(version);
                return;
            }

            context.Output.Line($"Pushed {version.Model} version {version.Version}.");
            context.Output.Out.Write(VersionViews.Details(version));
            context.Output.Out.WriteLine();
            context.Output.Out.Write(SignatureView.Table(version.Signature));
        });
        return command;
    }
}
