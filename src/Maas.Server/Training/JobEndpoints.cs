using System.Text.Json;
using Maas.Core;
using Maas.Core.Registry;
using Maas.Core.Security;
using Maas.Core.Training;
using Maas.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Maas.Server.Training;

/// <summary><c>/api/v1/jobs</c>: submit, list, show, follow, read the log of, and cancel training jobs.</summary>
internal static class JobEndpoints
{
    /// <summary>How long an event stream may stay silent before a comment line keeps proxies from closing it.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs").RequireMaasRole(Role.Publisher);

        // The handler checks spec.register against the key's scopes (403 outside them), as model creation does.
        jobs.MapPost("/", SubmitAsync).WithSummary("Submit a training job (body: a training spec).")
            .ScopedToModelInBody().Audited(TrainingAuditActions.JobCreate);
        jobs.MapGet("/", ListAsync).WithSummary("List training jobs, newest first, optionally in one state, a page at a time.").FilteredByScope();
        jobs.MapGet("/{id}", GetAsync).WithSummary("Show a training job: state, progress, history, metrics and result.");
        jobs.MapGet("/{id}/logs", LogsAsync).WithSummary("Read a training job's log.");
        jobs.MapGet("/{id}/events", EventsAsync).WithSummary("Follow a training job as Server-Sent Events (progress, log, end).");
        jobs.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancel a queued or running training job.")
            .Audited(TrainingAuditActions.JobCancel);
        return jobs;
    }

    private static async Task<IResult> SubmitAsync(TrainingSpec spec, JobService jobs, MaasCaller caller, CancellationToken cancellationToken)
    {
        var job = await jobs.SubmitAsync(spec, caller, cancellationToken);
        return TypedResults.Accepted($"/api/v1/jobs/{job.Id}", job);
    }

    private static Task<JobList> ListAsync(JobService jobs, MaasCaller caller, CancellationToken cancellationToken, string? state = null, int? pageSize = null, string? pageToken = null)
    {
        var size = pageSize ?? RegistryLimits.DefaultPageSize;
        if (size is < 1 or > RegistryLimits.MaxPageSize)
        {
            throw MaasException.Invalid($"pageSize must be between 1 and {RegistryLimits.MaxPageSize}; {size} was given.");
        }

        if (pageToken is not null && !JobService.IsJobId(pageToken))
        {
            throw MaasException.Invalid("pageToken is not one this server issued; pass the nextPageToken of the previous page.");
        }

        return jobs.ListAsync(ParseState(state), size, pageToken, caller, cancellationToken);
    }

    private static Task<JobInfo> GetAsync(string id, JobService jobs, MaasCaller caller, CancellationToken cancellationToken) =>
        jobs.GetAsync(id, caller, cancellationToken);

    private static Task<JobLogs> LogsAsync(string id, JobService jobs, MaasCaller caller, CancellationToken cancellationToken) =>
        jobs.LogsAsync(id, caller, cancellationToken);

    private static async Task<IResult> CancelAsync(string id, JobService jobs, MaasCaller caller, CancellationToken cancellationToken) =>
        TypedResults.Accepted($"/api/v1/jobs/{id}", await jobs.CancelAsync(id, caller, cancellationToken));

    /// <summary>
    /// Streams the job's events: its current state first, then every change, and an <c>end</c> event once it is
    /// terminal, after which the stream closes. A client that goes away is unsubscribed.
    /// </summary>
    private static async Task EventsAsync(string id, HttpContext context, JobService jobs, JobEvents events, IOptions<JsonOptions> json, MaasCaller caller, CancellationToken cancellationToken)
    {
        _ = await jobs.RequireAsync(id, caller, cancellationToken);

        // Subscribe before reading the state, so nothing that happens in between is missed.
        using var subscription = events.Subscribe(id);
        var current = await jobs.GetAsync(id, caller, cancellationToken);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var options = json.Value.SerializerOptions;

        await WriteAsync(response, JobEvent.Progress(current), options, cancellationToken);
        if (current.IsTerminal)
        {
            await WriteAsync(response, JobEvent.End(current), options, cancellationToken);
            return;
        }

        var reader = subscription.Reader;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            beat.CancelAfter(HeartbeatInterval);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(beat.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Quiet for a while (a long epoch): a comment line keeps the connection and any proxy awake.
                await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                continue;
            }

            if (!more)
            {
                return;
            }

            while (reader.TryRead(out var jobEvent))
            {
                await WriteAsync(response, jobEvent, options, cancellationToken);
                if (jobEvent.Name == JobEvent.EndName)
                {
                    return;
                }
            }
        }
    }

    private static async Task WriteAsync(HttpResponse response, JobEvent jobEvent, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        // Compact JSON has no line breaks, so each event's data is one "data:" line.
        var data = JsonSerializer.Serialize(jobEvent.Data, jobEvent.Data.GetType(), options);
        await response.WriteAsync($"event: {jobEvent.Name}\ndata: {data}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static JobState? ParseState(string? state) =>
        state is null ? null
        : state.All(char.IsAsciiLetter) && Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) ? parsed
        : throw MaasException.Invalid($"state must be one of queued, running, succeeded, failed, cancelled; '{(state.Length > 20 ? state[..20] + "…" : state)}' was given.");
}
