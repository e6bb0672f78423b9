using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Maas.Client.Training;
using Maas.Core.Training;

namespace Maas.Client;

public sealed partial class MaasClient
{
    /// <summary>Queues a training job (<c>POST /api/v1/jobs</c>).</summary>
    /// <param name="spec">What to train. It is sent as it is, its defaults included, so the server trains exactly this spec.</param>
    /// <param name="cancellationToken">Cancels the request (not the job).</param>
    /// <returns>The queued job, with its id and the spec with defaults filled in.</returns>
    /// <exception cref="MaasApiException">
    /// The spec is invalid (400, the detail names the field), the dataset does not exist (404), or this key may not
    /// publish the model named in <see cref="TrainingSpec.Register"/> (403), among others.
    /// </exception>
    public Task<JobInfo> StartJobAsync(TrainingSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return SendForJsonAsync<JobInfo>(
            new HttpRequestMessage(HttpMethod.Post, TrainingPaths.Jobs) { Content = JsonContent.Create(spec, options: MaasJson.Options) },
            cancellationToken);
    }

    /// <summary>
    /// Queues a training job from a spec already written as JSON (<c>POST /api/v1/jobs</c>), sent exactly as given so
    /// that the server judges every member, unknown ones included.
    /// </summary>
    /// <param name="specJson">The spec as a JSON object, in the shape of <see cref="TrainingSpec"/>.</param>
    /// <param name="cancellationToken">Cancels the request (not the job).</param>
    /// <returns>The queued job.</returns>
    /// <exception cref="MaasApiException">The spec is invalid (400, the detail names the field), among others.</exception>
    public Task<JobInfo> StartJobAsync(string specJson, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(specJson);
        return SendForJsonAsync<JobInfo>(
            new HttpRequestMessage(HttpMethod.Post, TrainingPaths.Jobs) { Content = new StringContent(specJson, Encoding.UTF8, "application/json") },
            cancellationToken);
    }

    /// <summary>Lists every training job, newest first, following the pages of <c>GET /api/v1/jobs</c>.</summary>
    /// <param name="state">Only jobs in this state; every job when <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public async Task<IReadOnlyList<JobInfo>> ListJobsAsync(JobState? state = null, CancellationToken cancellationToken = default)
    {
        var jobs = new List<JobInfo>();
        string? token = null;
        do
        {
            var path = TrainingPaths.Jobs + "?pageSize=1000" + (state is { } filter ? "&state=" + StateName(filter) : string.Empty)
                + (token is null ? string.Empty : "&pageToken=" + Uri.EscapeDataString(token));
            var page = await SendForJsonAsync<JobList>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
            jobs.AddRange(page.Jobs ?? []);
            token = page.NextPageToken;
        }
        while (token is not null);

        return jobs;
    }

    /// <summary>Gets a job: its state, progress, history, metrics and result (<c>GET /api/v1/jobs/{id}</c>).</summary>
    /// <param name="id">The job's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">There is no such job (404), among others.</exception>
    public Task<JobInfo> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<JobInfo>(new HttpRequestMessage(HttpMethod.Get, TrainingPaths.Job(id)), cancellationToken);

    /// <summary>Gets a job's log, oldest line first (<c>GET /api/v1/jobs/{id}/logs</c>).</summary>
    /// <param name="id">The job's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MaasApiException">There is no such job (404), among others.</exception>
    public async Task<IReadOnlyList<JobLogLine>> GetJobLogsAsync(string id, CancellationToken cancellationToken = default)
    {
        var logs = await SendForJsonAsync<JobLogs>(new HttpRequestMessage(HttpMethod.Get, TrainingPaths.Job(id) + "/logs"), cancellationToken)
            .ConfigureAwait(false);
        return logs.Lines ?? [];
    }

    /// <summary>
    /// Asks the server to cancel a job (<c>POST /api/v1/jobs/{id}/cancel</c>). A queued job is cancelled at once; a
    /// running one stops at its next step. Cancelling a finished job changes nothing.
    /// </summary>
    /// <param name="id">The job's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job as it is after the request.</returns>
    /// <exception cref="MaasApiException">There is no such job (404), among others.</exception>
    public Task<JobInfo> CancelJobAsync(string id, CancellationToken cancellationToken = default) =>
        SendForJsonAsync<JobInfo>(new HttpRequestMessage(HttpMethod.Post, TrainingPaths.Job(id) + "/cancel"), cancellationToken);

    /// <summary>
    /// Follows a job's server-sent events (<c>GET /api/v1/jobs/{id}/events</c>): a <see cref="JobEventKind.Progress"/>
    /// event on every change, <see cref="JobEventKind.Log"/> for each log line, and a final
    /// <see cref="JobEventKind.End"/> once the job is finished, after which the sequence ends. Events of kinds this
    /// client does not know are skipped.
    /// </summary>
    /// <param name="id">The job's id.</param>
    /// <param name="cancellationToken">Stops following (the job keeps running).</param>
    /// <exception cref="MaasApiException">There is no such job (404), the server is unreachable, or an event is not the JSON the API sends.</exception>
    /// <exception cref="IOException">The connection broke while events were streaming; the sequence may end without an <see cref="JobEventKind.End"/>.</exception>
    public async IAsyncEnumerable<JobEvent> WatchJobAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TrainingPaths.Job(id) + "/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var parser = SseParser.Create(stream, static (type, data) => ParseJobEvent(type, data));
            await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.Data is { } jobEvent)
                {
                    yield return jobEvent;
                    if (jobEvent.Kind == JobEventKind.End)
                    {
                        yield break;
                    }
                }
            }
        }
    }

    private static JobEvent? ParseJobEvent(string type, ReadOnlySpan<byte> data)
    {
        try
        {
            return type switch
            {
                "progress" => new JobEvent { Kind = JobEventKind.Progress, Job = Deserialize<JobInfo>(data) },
                "end" => new JobEvent { Kind = JobEventKind.End, Job = Deserialize<JobInfo>(data) },
                "log" => new JobEvent { Kind = JobEventKind.Log, Log = Deserialize<JobLogLine>(data) },
                _ => null,
            };
        }
        catch (JsonException ex)
        {
            throw new MaasApiException(200, null, $"The server sent a '{type}' job event that is not the JSON the Maas API sends: {ex.Message}", null, ex);
        }
    }

    private static string StateName(JobState state) => JsonSerializer.Serialize(state, MaasJson.Options).Trim('"');

    private static T Deserialize<T>(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<T>(data, MaasJson.Options) ?? throw new JsonException("The event's data is null.");
}
