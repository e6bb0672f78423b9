using Maas.Client;
using Maas.Client.Training;
using Maas.Core.Training;

namespace Maas.Cli.Commands.Training;

/// <summary>
/// Follows a job to its end: reads the server-sent events of <c>GET /api/v1/jobs/{id}/events</c>, and when that
/// stream fails or closes early, polls <c>GET /api/v1/jobs/{id}</c> instead. It only watches: stopping it (through
/// the token) never cancels the job.
/// </summary>
internal sealed class JobFollower(MaasClient client)
{
    // A poll that cannot reach the server is retried this many times in a row before following gives up.
    private const int MaxConsecutiveFailures = 5;

    /// <summary>How long to wait between polls once the event stream is gone. Default one second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Called with the job each time it changes.</summary>
    public Action<JobInfo>? Changed { get; init; }

    /// <summary>Called with each log line the event stream carries (polling does not read the log).</summary>
    public Action<JobLogLine>? Logged { get; init; }

    /// <summary>Called with a sentence when following switches from events to polling.</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>Returns the job once it has succeeded, failed or been cancelled.</summary>
    public async Task<JobInfo> FollowAsync(JobInfo job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.IsTerminal)
        {
            return job;
        }

        try
        {
            await foreach (var jobEvent in client.WatchJobAsync(job.Id, cancellationToken))
            {
                if (jobEvent.Log is { } line)
                {
                    Logged?.Invoke(line);
                }
                else if (jobEvent.Job is { } current)
                {
                    Changed?.Invoke(current);
                    if (jobEvent.Kind == JobEventKind.End || current.IsTerminal)
                    {
                        return current;
                    }
                }
            }

            Notice?.Invoke("The event stream closed before the job finished; polling the job instead.");
        }
        catch (Exception ex) when (IsStreamFailure(ex, cancellationToken))
        {
            Notice?.Invoke($"The event stream failed ({ex.Message}); polling the job instead.");
        }

        return await PollAsync(job.Id, cancellationToken);
    }

    private async Task<JobInfo> PollAsync(string id, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                var job = await client.GetJobAsync(id, cancellationToken);
                failures = 0;
                Changed?.Invoke(job);
                if (job.IsTerminal)
                {
                    return job;
                }
            }
            catch (MaasApiException ex) when (ex.IsConnectionFailure && ++failures < MaxConsecutiveFailures)
            {
                // The server may be restarting; an interrupted job resumes from its checkpoint, so keep watching.
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    // Anything but the user's own Ctrl+C sends the follower to polling; polling then reports a real error (404, 403) itself.
    private static bool IsStreamFailure(Exception exception, CancellationToken cancellationToken) =>
        exception switch
        {
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            MaasApiException or IOException or HttpRequestException or System.Text.Json.JsonException => true,
            _ => false,
        };
}
