using System.CommandLine;
using System.Globalization;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Maas.Client;

namespace Maas.Cli.Commands;

/// <summary><c>maas models download NAME VERSION</c>: saves a version's ONNX file, atomically.</summary>
internal static class DownloadCommand
{
    public static Command Create(ClientOptions options)
    {
        var name = ModelArguments.Name();
        var version = new Argument<string>("VERSION") { Description = "The version number, or an alias such as production." };
        var output = new Option<FileInfo>("--output", "-o")
        {
            HelpName = "FILE",
            Description = "Where to save the file; an existing folder gets NAME-VERSION.onnx inside it. Default: NAME-VERSION.onnx in the current folder.",
        }.AcceptLegalFilePathsOnly();
        var force = new Option<bool>("--force") { Description = "Overwrite FILE if it exists." };
        var command = new Command(
            "download",
            "Download a version's ONNX file. It is written to FILE.partial and renamed when complete and verified against its digest, so a failed download leaves no half file.")
        {
            name,
            version,
            output,
            force,
        }.WithExamples("maas models download fraud 2 -o fraud.onnx", "maas models download fraud production -o fraud.onnx --force");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var modelName = context.GetValue(name);
            var number = await ResolveVersionAsync(context.Client, modelName, context.GetValue(version), cancellationToken);
            var info = await context.Client.GetVersionAsync(modelName, number, cancellationToken);
            var target = TargetPath(context.GetOptional(output), $"{modelName}-{number}.onnx");
            var overwrite = context.GetOptional(force);
            if (File.Exists(target) && !overwrite)
            {
                throw new CliException($"{target} already exists; pass --force to overwrite it.");
            }

            await SaveAsync(context, modelName, number, info.Size, target, overwrite, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(info);
                return;
            }

            context.Output.Line($"Saved {modelName} version {number} ({Formats.Bytes(info.Size)}, {info.Digest}) to {target}.");
        });
        return command;
    }

    private static async Task SaveAsync(
        ClientContext context, string modelName, int number, long size, string target, bool overwrite, CancellationToken cancellationToken)
    {
        var partial = target + ".partial";
        try
        {
            var stream = new FileStream(partial, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                BufferSize = 0,
                Options = FileOptions.Asynchronous,
                PreallocationSize = size,
            });
            await using (stream)
            {
                await TransferProgress.RunAsync(context.Output, $"download {modelName} {number}", size, async progress =>
                {
                    await context.Client.DownloadAsync(modelName, number, stream, progress, cancellationToken);
                    return true;
                });

                // On disk before the rename, so that a crash right after it cannot leave an empty FILE in place.
                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, target, overwrite);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    private static string TargetPath(FileInfo? output, string defaultName) =>
        output is null ? Path.GetFullPath(defaultName)
        : Directory.Exists(output.FullName) ? Path.Combine(output.FullName, defaultName)
        : output.FullName;

    // Cleaning up must not hide the failure that made it necessary.
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // A number selects a version; anything else is an alias, looked up in the model's alias map.
    private static async Task<int> ResolveVersionAsync(MaasClient client, string modelName, string selector, CancellationToken cancellationToken)
    {
        if (int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var model = await client.GetModelAsync(modelName, cancellationToken);
        return model.Aliases.TryGetValue(selector, out var target)
            ? target
            : throw new CliException($"Model '{modelName}' has no alias '{selector}'; its aliases are: {ModelViews.Aliases(model.Aliases)}.");
    }
}
