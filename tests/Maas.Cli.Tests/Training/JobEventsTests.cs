using System.Net;
using System.Text;
using Maas.Cli.Commands.Training;
using Maas.Client;
using Maas.Client.Training;
using Maas.Core.Training;

namespace Maas.Cli.Tests.Training;

/// <summary>The server-sent events of a job as the client reads them, and the follower's fallback to polling.</summary>
public sealed class JobEventsTests
{
    private static readonly Uri Server = new("http://127.0.0.1:8000");

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Watch_EventsSplitAcrossReads_AreReassembled(int bytesPerRead)
    {
        var stream = string.Concat(
            ": a comment the server sends to keep the connection alive\n\n",
            Event("progress", OneLine(TrainingJson.RunningJob())),
            Event("log", """{"time":"2026-05-01T10:00:01Z","message":"epoch 1 done"}"""),
            Event("end", OneLine(TrainingJson.Job())));
        using var handler = new StubHandler(_ => EventStream(stream, bytesPerRead));
        using var client = new MaasClient(Server, handler: handler);

        var events = await ReadAllAsync(client);

        Assert.Equal([JobEventKind.Progress, JobEventKind.Log, JobEventKind.End], events.Select(e => e.Kind));
        Assert.Equal(JobState.Running, events[0].Job!.State);
        Assert.Equal("epoch 1 done", events[1].Log!.Message);
        Assert.Equal(new JobResult("iris-clf", 4), events[2].Job!.Result);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("/api/v1/jobs/job-0123456789ab/events", request.RequestUri!.AbsolutePath);
        Assert.Contains(request.Headers.Accept, a => a.MediaType == "text/event-stream");
    }

    [Fact]
    public async Task Watch_MultiLineDataAndCrLf_JoinsTheLines()
    {
        // The JSON spread over several data lines, joined by the parser with line feeds (JSON whitespace), CRLF endings.
        var lines = TrainingJson.Job().Split('\n').Select(l => "data: " + l.TrimEnd('\r'));
        var stream = "event: end\r\n" + string.Join("\r\n", lines) + "\r\n\r\n";
        using var handler = new StubHandler(_ => EventStream(stream, 7));
        using var client = new MaasClient(Server, handler: handler);

        var events = await ReadAllAsync(client);

        var end = Assert.Single(events);
        Assert.Equal(JobEventKind.End, end.Kind);
        Assert.Equal(0.9565, end.Job!.Metrics!["test"]["accuracy"]);
    }

    [Fact]
    public async Task Watch_UnknownEventsAndEventsAfterEnd_AreSkipped()
    {
        var stream = Event("heartbeat", "{}") + Event("end", OneLine(TrainingJson.Job())) + Event("progress", OneLine(TrainingJson.RunningJob()));
        using var handler = new StubHandler(_ => EventStream(stream, 64));
        using var client = new MaasClient(Server, handler: handler);

        var events = await ReadAllAsync(client);

        Assert.Equal(JobEventKind.End, Assert.Single(events).Kind);
    }

    [Fact]
    public async Task Watch_MalformedEventData_IsAnApiError()
    {
        using var handler = new StubHandler(_ => EventStream(Event("progress", "{not json"), 64));
        using var client = new MaasClient(Server, handler: handler);

        var error = await Assert.ThrowsAsync<MaasApiException>(() => ReadAllAsync(client));

        Assert.Contains("'progress' job event", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_StreamClosesBeforeTheEnd_FallsBackToPolling()
    {
        var polls = 0;
        using var handler = new StubHandler(request => request.RequestUri!.AbsolutePath.EndsWith("/events", StringComparison.Ordinal)
            ? EventStream(Event("progress", OneLine(TrainingJson.RunningJob())), 64)
            : TrainingClientTests.Json(++polls < 2 ? TrainingJson.RunningJob() : TrainingJson.Job()));
        using var client = new MaasClient(Server, handler: handler);
        var seen = new List<JobState>();
        var notices = new List<string>();
        var follower = new JobFollower(client) { PollInterval = TimeSpan.Zero, Changed = j => seen.Add(j.State), Notice = notices.Add };

        var finished = await follower.FollowAsync(await Running(), CancellationToken.None);

        Assert.Equal(JobState.Succeeded, finished.State);
        Assert.Equal([JobState.Running, JobState.Running, JobState.Succeeded], seen);
        Assert.Contains("polling", Assert.Single(notices), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_EventsEndpointMissing_FallsBackToPolling()
    {
        using var handler = new StubHandler(request => request.RequestUri!.AbsolutePath.EndsWith("/events", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : TrainingClientTests.Json(TrainingJson.Job("failed", "column 'x' does not exist")));
        using var client = new MaasClient(Server, handler: handler);

        var finished = await new JobFollower(client) { PollInterval = TimeSpan.Zero }.FollowAsync(await Running(), CancellationToken.None);

        Assert.Equal((JobState.Failed, "column 'x' does not exist"), (finished.State, finished.Error));
    }

    [Fact]
    public async Task Follow_Cancelled_StopsWithoutCancellingTheJob()
    {
        using var cancel = new CancellationTokenSource();
        using var handler = new StubHandler(request =>
        {
            // The first progress event arrives, then the user presses Ctrl+C.
            cancel.Cancel();
            return EventStream(Event("progress", OneLine(TrainingJson.RunningJob())), 64);
        });
        using var client = new MaasClient(Server, handler: handler);
        var running = await Running();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new JobFollower(client).FollowAsync(running, cancel.Token));

        Assert.DoesNotContain(handler.Requests, r => r.Method == HttpMethod.Post);
    }

    private static async Task<JobInfo> Running()
    {
        using var handler = new StubHandler(_ => TrainingClientTests.Json(TrainingJson.RunningJob()));
        using var client = new MaasClient(Server, handler: handler);
        return await client.GetJobAsync("job-0123456789ab");
    }

    private static async Task<List<JobEvent>> ReadAllAsync(MaasClient client)
    {
        var events = new List<JobEvent>();
        await foreach (var jobEvent in client.WatchJobAsync("job-0123456789ab"))
        {
            events.Add(jobEvent);
        }

        return events;
    }

    private static string Event(string type, string data) => $"event: {type}\ndata: {data}\n\n";

    private static string OneLine(string json) => System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement);

    private static HttpResponseMessage EventStream(string text, int bytesPerRead) => new(HttpStatusCode.OK)
    {
        Content = new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(text), bytesPerRead))
        {
            Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream") },
        },
    };

    /// <summary>A stream that hands out at most a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] data, int bytesPerRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, bytesPerRead)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, bytesPerRead)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, bytesPerRead), cancellationToken);
    }
}
