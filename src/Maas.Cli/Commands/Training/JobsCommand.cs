using System.CommandLine;
using Maas.Cli.Help;
using Maas.Cli.Output;
using Maas.Client.Training;
using Maas.Core.Training;
using Spectre.Console;

namespace Maas.Cli.Commands.Training;

/// <summary><c>maas jobs …</c>: list, show, follow, read the log of and cancel training jobs.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var command = new Command(
            "jobs",
            "Watch and manage the training jobs of a running Maas server. Start one with `maas train`.")
        {
            List(options),
            Show(options),
            Follow(options),
            Logs(options),
            Cancel(options),
        }.WithExamples(
            "maas jobs list --state running",
            "maas jobs show job-3f2a9c0d1b2e",
            "maas jobs follow job-3f2a9c0d1b2e",
            "maas jobs cancel job-3f2a9c0d1b2e");
        options.AddTo(command);
        return command;
    }

    private static Argument<string> JobId() => new("ID") { Description = "The job's id, such as job-3f2a9c0d1b2e (from `maas train` or `maas jobs list`)." };

    private static Command List(ClientOptions options)
    {
        var state = FlagValues.Choice<JobState>("--state", "Only jobs in this state.");
        var command = new Command("list", "List training jobs, newest first.") { state }
            .WithExamples("maas jobs list", "maas jobs list --state running --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var jobs = await context.Client.ListJobsAsync(context.GetOptional(state), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { jobs });
                return;
            }

            if (jobs.Count == 0)
            {
                context.Output.Line("No jobs.");
                context.Output.Hint("Start one with: maas train --dataset NAME --target COLUMN --model KIND --register MODEL");
                return;
            }

            context.Output.Out.Write(JobViews.List(jobs));
        });
        return command;
    }

    private static Command Show(ClientOptions options)
    {
        var id = JobId();
        var command = new Command("show", "Show a job: its state and progress, the loss and validation metrics of every epoch, and its final metrics and registered version.") { id }
            .WithExamples("maas jobs show job-3f2a9c0d1b2e", "maas jobs show job-3f2a9c0d1b2e --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var job = await context.Client.GetJobAsync(context.GetValue(id), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(job);
                return;
            }

            var console = context.Output.Out;
            console.Write(JobViews.Details(job));
            if (job.History.Count > 0)
            {
                console.WriteLine();
                console.Write(JobViews.History(job.History));
            }

            if (job.Metrics is { Count: > 0 } metrics)
            {
                console.WriteLine();
                console.Write(new Text("Final metrics:" + Environment.NewLine));
                console.Write(MetricsView.Table(metrics));
            }
        });
        return command;
    }

    private static Command Follow(ClientOptions options)
    {
        var id = JobId();
        var command = new Command("follow", "Follow a job with a progress bar until it finishes, then print its metrics, as `maas train` does. Ctrl+C stops following, not the job; exits 1 if the job fails or is cancelled.") { id }
            .WithExamples("maas jobs follow job-3f2a9c0d1b2e");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var job = await context.Client.GetJobAsync(context.GetValue(id), cancellationToken);
            var finished = await JobProgressDisplay.FollowAsync(context.Output, context.Client, job, cancellationToken);
            JobProgressDisplay.WriteOutcome(context.Output, finished);
        });
        return command;
    }

    private static Command Logs(ClientOptions options)
    {
        var id = JobId();
        var command = new Command("logs", "Print a job's log, oldest line first, each with its time (UTC).") { id }
            .WithExamples("maas jobs logs job-3f2a9c0d1b2e", "maas jobs logs job-3f2a9c0d1b2e --json");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var lines = await context.Client.GetJobLogsAsync(context.GetValue(id), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { lines });
                return;
            }

            foreach (var line in lines)
            {
                context.Output.Line($"{Formats.Time(line.Time)}  {line.Message}");
            }
        });
        return command;
    }

    private static Command Cancel(ClientOptions options)
    {
        var id = JobId();
        var command = new Command("cancel", "Cancel a job: a queued job at once, a running one at its next step. Its model is not registered. Cancelling a finished job changes nothing.") { id }
            .WithExamples("maas jobs cancel job-3f2a9c0d1b2e");
        command.SetClientAction(options, async (context, cancellationToken) =>
        {
            var job = await context.Client.CancelJobAsync(context.GetValue(id), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(job);
                return;
            }

            context.Output.Line(job.IsTerminal
                ? $"Job {job.Id} is {JobViews.State(job.State)}."
                : $"Cancelling job {job.Id} ({JobViews.State(job.State)}); it stops at its next step.");
        });
        return command;
    }
}
