using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Maas.Cli.Tests;

/// <summary>
/// What keyless gRPC traffic costs a real <c>maas serve</c>: many HTTP/2 connections, each with as many streams as the
/// server allows, every stream announcing a 50 MB message and trickling its body. Each is refused at its headers and
/// its data dropped with it, so the server's resident memory must stay near where it was, and an authenticated call
/// must still be answered at once.
/// </summary>
public sealed class KeylessStreamsMemoryTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Connections = 16;
    private const int StreamsPerConnection = 100;
    private const long AllowedGrowthBytes = 96L * 1024 * 1024;

    private readonly TemporaryDirectory _folder = new("maas-keyless-");

    [Fact]
    public async Task KeylessTricklingStreams_KeepTheServersMemorySmall()
    {
        await using var server = await ServerProcess.StartAsync(_folder.Combine("data"), (TimeSpan?)null, "--grpc", "127.0.0.1:0");
        var grpc = server.GrpcAddress ?? throw new InvalidOperationException("The server printed no gRPC address:\n" + server.Output);
        using var process = Process.GetProcessById(server.ProcessId);
        var handlers = Enumerable.Range(0, Connections).Select(_ => new SocketsHttpHandler { EnableMultipleHttp2Connections = false }).ToList();
        try
        {
            // Warm up the refusal path first, so the baseline includes what one refused call compiles and pools.
            await Task.WhenAll(handlers.Select(h => RefusedCallsAsync(h, grpc, 4, TimeSpan.FromSeconds(1))));
            var baseline = ResidentBytes(process);

            var peak = baseline;
            var attack = Task.WhenAll(handlers.Select(h => RefusedCallsAsync(h, grpc, StreamsPerConnection, TimeSpan.FromSeconds(6))));
            while (!attack.IsCompleted)
            {
                peak = Math.Max(peak, ResidentBytes(process));
                await Task.WhenAny(attack, Task.Delay(100, CancellationToken.None));
            }

            var outcomes = (await attack).SelectMany(o => o).ToList();
            var calls = outcomes.Count;
            Assert.True(calls >= Connections * StreamsPerConnection, $"Only {calls} keyless calls were made.");
            Assert.DoesNotContain(Outcome.Served, outcomes);
            Assert.Contains(Outcome.Unauthenticated, outcomes);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS baseline {baseline / 1048576.0:0.0} MiB, peak {peak / 1048576.0:0.0} MiB; {calls} keyless calls: {outcomes.Count(o => o == Outcome.Unauthenticated)} UNAUTHENTICATED, {outcomes.Count(o => o == Outcome.Throttled)} RESOURCE_EXHAUSTED, {outcomes.Count(o => o == Outcome.Closed)} cut by a closed connection."));
            Assert.True(
                peak - baseline < AllowedGrowthBytes,
                string.Create(CultureInfo.InvariantCulture, $"The server's resident memory grew from {baseline / 1048576.0:0.0} MiB to {peak / 1048576.0:0.0} MiB under {calls} keyless streams ({outcomes.Count(o => o == Outcome.Closed)} of them cut by the server closing their connection)."));

            using var http = server.CreateClient();
            using var live = await http.GetAsync("/v2/health/live").WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            handlers.ForEach(h => h.Dispose());
        }
    }

    public void Dispose() => _folder.Dispose();

    private static long ResidentBytes(Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    // Keeps `parallel` keyless ModelInfer calls open on one connection until `duration` has passed; each announces
    // 50 MB, sends 64 KiB of it at once (what the stream window lets through before the answer) and then trickles.
    private static async Task<List<Outcome>> RefusedCallsAsync(SocketsHttpHandler handler, Uri server, int parallel, TimeSpan duration)
    {
        using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = server };
        var end = DateTime.UtcNow + duration;
        var outcomes = new List<Outcome>();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            do
            {
                var outcome = await RefusedCallAsync(client);
                lock (outcomes)
                {
                    outcomes.Add(outcome);
                }
            }
            while (DateTime.UtcNow < end);
        }));
        return outcomes;
    }

    private static async Task<Outcome> RefusedCallAsync(HttpClient client)
    {
        using var content = new TricklingContent();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/inference.GRPCInferenceService/ModelInfer")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = response.Headers.TryGetValues("grpc-status", out var values) ? values.Single() : null;
            return status switch
            {
                "16" => Outcome.Unauthenticated,
                // Past the per-address budget of failed authentications the call is refused before its key is read.
                "8" => Outcome.Throttled,
                _ => Outcome.Served,
            };
        }
        catch (HttpRequestException)
        {
            // The server closed the connection (a client trickling below the minimum data rate is cut off).
            return Outcome.Closed;
        }
    }

    private enum Outcome
    {
        Unauthenticated,
        Throttled,
        Closed,
        Served,
    }

    private sealed class TricklingContent : HttpContent
    {
        private const int AnnouncedBytes = 50 * 1024 * 1024;

        public TricklingContent() => Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var frame = new byte[5 + (64 * 1024)];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), AnnouncedBytes);
            try
            {
                await stream.WriteAsync(frame);
                await stream.FlushAsync();
                for (var i = 0; i < 50; i++)
                {
                    await Task.Delay(200);
                    await stream.WriteAsync(frame.AsMemory(5, 1));
                    await stream.FlushAsync();
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                // The server reset the stream once it had answered: what the test expects.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
