using System.CommandLine;
using System.Text.Json;
using Maas.Cli.Help;
using Maas.Client.Training;
using Maas.Core.Training;

namespace Maas.Cli.Commands.Training;

/// <summary>
/// <c>maas train</c>: queues a training job from flags or a spec file, then follows it with a progress bar and prints
/// its metrics; <c>--detach</c> returns as soon as it is queued.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var spec = new TrainSpecOptions();
        var detach = new Option<bool>("--detach")
        {
            Description = "Return once the job is queued: print its id (with --json, the job) and do not follow it.",
        };
        var command = new Command(
            "train",
            "Train a model on a dataset and register it as a new model version. Follows the job with a progress bar and prints the final metrics; Ctrl+C stops following, not the job. Exits 1 if the job fails or is cancelled.")
        {
            detach,
        }.WithExamples(
            "maas train --dataset iris --target species --model logistic --epochs 100 --register iris-clf",
            "maas train --dataset iris --target species --model mlp --hidden 64,32 --epochs 50 --register iris-clf",
            "maas train --dataset digits --target digit --model cnn --input-shape 1,8,8 --conv 16:3:1:1:pool,32:3 --dense 64 --register digits-cnn",
            "maas train --dataset breast_cancer --target benign --model gbdt --trees 200 --leaves 31 --register cancer-gbdt",
            "maas train --spec spec.json --detach");
        spec.AddTo(command);
        options.AddTo(command);
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var job = spec.UsesSpecFile(context.ParseResult)
                ? await context.Client.StartJobAsync(await ReadSpecFileAsync(context.ParseResult.GetRequiredValue(spec.SpecFile), cancellationToken), cancellationToken)
                : await context.Client.StartJobAsync(spec.Build(context.ParseResult), cancellationToken);
            if (context.GetOptional(detach))
            {
                if (context.Output.Json)
                {
                    context.Output.WriteJson(job);
                    return;
                }

                context.Output.Line(job.Id);
                context.Output.Hint($"Queued job {job.Id}. Follow it with: maas jobs follow {job.Id}");
                return;
            }

            if (!context.Output.Json)
            {
                context.Output.Hint($"Queued job {job.Id}{Describe(TrainingSpec.FromJson(job.Spec))}.");
            }

            var finished = await JobProgressDisplay.FollowAsync(context.Output, context.Client, job, cancellationToken);
            JobProgressDisplay.WriteOutcome(context.Output, finished);
        });
        return command;
    }

    /// <summary>Reads a spec file ('-' for standard input) and checks only that it is a JSON object; the server judges the rest.</summary>
    internal static async Task<string> ReadSpecFileAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw new CliException($"The spec file {path} does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliException($"The spec file {path} does not exist.");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"The spec file {path} must hold a JSON object, such as {{\"dataset\": \"iris\", …}}.");
            }
        }
        catch (JsonException ex)
        {
            throw new CliException($"The spec file {path} is not valid JSON: {ex.Message}", ex);
        }

        return text;
    }

    private static string Describe(TrainingSpec? spec) =>
        spec is null ? string.Empty : $": {FlagValues.Display(spec.Model.Kind)} on {spec.Dataset}, predicting {spec.Target}, registering {spec.Register}";
}
