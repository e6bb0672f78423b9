using Maas.Cli.Output;
using Maas.Client;
using Maas.Client.Training;
using Maas.Core.Training;
using Spectre.Console;

namespace Maas.Cli.Commands.Training;

/// <summary>
/// Shows a followed job on standard error: a live progress bar on a terminal, one line per epoch when redirected,
/// nothing with <c>--json</c>. The job's own log is not echoed (the server logs every epoch); `maas jobs logs` prints it. Ctrl+C stops following and says how to follow again or cancel; the job keeps running.
/// </summary>
internal static class JobProgressDisplay
{
    public static async Task<JobInfo> FollowAsync(CliOutput output, MaasClient client, JobInfo job, CancellationToken cancellationToken)
    {
        try
        {
            if (output.Json)
            {
                return await new JobFollower(client).FollowAsync(job, cancellationToken);
            }

            return output.CanShowProgress
                ? await WithProgressBarAsync(output, client, job, cancellationToken)
                : await WithLinesAsync(output, client, job, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.Hint($"Stopped following job {job.Id}; it keeps running on the server.");
            output.Hint($"  follow it again: maas jobs follow {job.Id}");
            output.Hint($"  cancel it:       maas jobs cancel {job.Id}");
            throw;
        }
    }

    private static Task<JobInfo> WithProgressBarAsync(CliOutput output, MaasClient client, JobInfo job, CancellationToken cancellationToken) =>
        output.Error.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn())
            .StartAsync(async context =>
            {
                // The first validation metric fits beside the bar only on a wide terminal.
                var wide = output.Error.Profile.Width >= 100;
                var task = context.AddTask(Markup.Escape(JobViews.ProgressLine(job, wide)), autoStart: true, maxValue: 100);
                task.IsIndeterminate = job.State == JobState.Queued;
                var follower = new JobFollower(client)
                {
                    Changed = current =>
                    {
                        task.IsIndeterminate = current.State == JobState.Queued;
                        task.Value = Math.Clamp(current.Progress?.Percent ?? 0, 0, 100);
                        task.Description = Markup.Escape(JobViews.ProgressLine(current, wide));
                    },
                    Notice = output.Hint,
                };
                var finished = await follower.FollowAsync(job, cancellationToken);
                if (finished.State == JobState.Succeeded)
                {
                    task.Value = 100;
                }

                task.StopTask();
                return finished;
            });

    // A log file or CI console gets one line per state change and per epoch, never a redrawn bar.
    private static Task<JobInfo> WithLinesAsync(CliOutput output, MaasClient client, JobInfo job, CancellationToken cancellationToken)
    {
        var lastState = job.State;
        var epochsShown = job.History.Count;
        output.Hint($"{job.Id} {JobViews.State(job.State)}");
        var follower = new JobFollower(client)
        {
            Changed = current =>
            {
                if (current.State != lastState)
                {
                    lastState = current.State;
                    output.Hint($"{current.Id} {JobViews.State(current.State)}");
                }

                foreach (var epoch in current.History.Skip(epochsShown))
                {
                    output.Hint($"{current.Id} epoch {Formats.Number(epoch.Epoch)}/{Formats.Number(current.Progress?.Epochs ?? 0)}: {JobViews.Losses(epoch)}");
                }

                epochsShown = Math.Max(epochsShown, current.History.Count);
            },
            Notice = output.Hint,
        };
        return follower.FollowAsync(job, cancellationToken);
    }

    /// <summary>
    /// Reports a finished job: the metrics table and the registered version on success; with <c>--json</c> the job
    /// itself. A failed or cancelled job ends the command with its error (exit 1).
    /// </summary>
    public static void WriteOutcome(CliOutput output, JobInfo job)
    {
        if (output.Json)
        {
            output.WriteJson(job);
        }
        else if (job.State == JobState.Succeeded)
        {
            var took = job.Started is { } started && job.Finished is { } finished ? $" in {JobViews.Duration(finished - started)}" : string.Empty;
            var registered = job.Result is { } result ? $": registered {result.Model} version {Formats.Number(result.Version)}" : string.Empty;
            output.Line($"Job {job.Id} succeeded{took}{registered}.");
            if (job.Metrics is { Count: > 0 } metrics)
            {
                output.Out.Write(MetricsView.Table(metrics));
            }

            if (job.Result is { } version)
            {
                output.Hint($"Inspect it with: maas models show {version.Model} --version {Formats.Number(version.Version)}");
            }
        }

        switch (job.State)
        {
            case JobState.Failed:
                throw new CliException($"Job {job.Id} failed: {job.Error ?? "the server gave no reason."}");
            case JobState.Cancelled:
                throw new CliException($"Job {job.Id} was cancelled{(job.Error is { Length: > 0 } reason ? ": " + reason : ".")}");
        }
    }
}
