using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Maas.Cli.Tests;

/// <summary>
/// SIGTERM to a real <c>maas serve</c>: readiness turns false at once, new requests are refused, a request already in
/// flight completes with 200, and the process exits with 0 within <c>--shutdown-timeout</c>; a request that would
/// outlast the grace period is cut off and the process exits anyway.
/// </summary>
public sealed class ShutdownTests : IDisposable
{
    private const string Model = "held";
    private readonly TemporaryDirectory _temporary = new("maas-shutdown-");

    // The server creates its data folder: a child of the temporary folder, which takes it along on dispose.
    private string DataDirectory => _temporary.Combine("data");

    [Fact]
    public async Task Sigterm_WithARequestInFlight_StopsTakingWorkFinishesItAndExits()
    {
        var grace = TimeSpan.FromSeconds(20);
        // The held body trickles for a few seconds; a long data-rate grace keeps Kestrel from judging it a slow client.
        await using var server = await ServerProcess.StartAsync(DataDirectory, (TimeSpan?)null, "--shutdown-timeout", "20s", "--min-data-rate-grace", "60s");
        await PrepareModelAsync(server, maxQueueDelayMs: 500);
        using var inFlightClient = HeldClient(server);
        var held = new HeldContent(InferenceBody());
        var inFlight = SendHeldAsync(inFlightClient, held);
        await held.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = Stopwatch.StartNew();
        await server.TerminateAsync();

        await AssertNotReadyAsync(server);
        await AssertRefusedAsync(server);
        held.Release();
        using var response = await inFlight.WaitAsync(TimeSpan.FromSeconds(30));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The in-flight inference answered {(int)response.StatusCode}: {body}\n{server.Output}");
        using (var json = JsonDocument.Parse(body))
        {
            Assert.Equal(1, json.RootElement.GetProperty("outputs")[0].GetProperty("data").GetArrayLength());
        }

        var exitCode = await server.WaitForExitAsync(grace + TimeSpan.FromSeconds(10));
        Assert.True(exitCode == 0, $"maas serve exited with {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing (still running)"}:\n{server.Output}");
        Assert.True(stopping.Elapsed < grace, $"Stopping took {stopping.Elapsed}, longer than the grace period of {grace}.");
    }

    [Fact]
    public async Task Sigterm_WithARequestThatOutlastsTheGracePeriod_CutsItOffAndExits()
    {
        var grace = TimeSpan.FromSeconds(2);
        await using var server = await ServerProcess.StartAsync(DataDirectory, (TimeSpan?)null, "--shutdown-timeout", "2s", "--min-data-rate-grace", "60s");
        await PrepareModelAsync(server, maxQueueDelayMs: 2);
        using var inFlightClient = HeldClient(server);
        var held = new HeldContent(InferenceBody());
        var inFlight = SendHeldAsync(inFlightClient, held);
        await held.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = Stopwatch.StartNew();
        await server.TerminateAsync();
        var exitCode = await server.WaitForExitAsync(grace + TimeSpan.FromSeconds(15));

        Assert.True(exitCode == 0, $"maas serve exited with {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing (still running)"}:\n{server.Output}");
        Assert.True(stopping.Elapsed >= grace - TimeSpan.FromMilliseconds(500), $"The server exited after {stopping.Elapsed}, without waiting for the request in flight.");
        await Assert.ThrowsAnyAsync<Exception>(() => inFlight);
        held.Release();
    }

    private static async Task PrepareModelAsync(ServerProcess server, int maxQueueDelayMs)
    {
        using var http = server.CreateClient();
        (await http.PostAsJsonAsync("/api/v1/models", new { name = Model })).EnsureSuccessStatusCode();
        using (var file = new StreamContent(File.OpenRead(TestFixtures.Model("breast_cancer_mlp"))))
        {
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            (await http.PostAsync($"/api/v1/models/{Model}/versions", file)).EnsureSuccessStatusCode();
        }

        (await http.PutAsJsonAsync($"/api/v1/models/{Model}/config", new { maxBatchSize = 64, maxQueueDelayMs })).EnsureSuccessStatusCode();
        (await http.PostAsync($"/v2/repository/models/{Model}/load", null)).EnsureSuccessStatusCode();
    }

    // Waits for the server's "100 Continue" before sending the body, so the first part goes out only once the
    // handler reads: the sign that the request is in flight.
    private static HttpClient HeldClient(ServerProcess server)
    {
        var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) }) { BaseAddress = server.HttpAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.Admin);
        return client;
    }

    private static Task<HttpResponseMessage> SendHeldAsync(HttpClient client, HeldContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{Model}/infer") { Content = content };
        request.Headers.ExpectContinue = true;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.SendAsync(request);
    }

    private static byte[] InferenceBody() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        inputs = new[] { new { name = "features", shape = new[] { 1, 30 }, datatype = "FP32", data = Enumerable.Repeat(0.5f, 30).ToArray() } },
    });

    // A probe on a fresh connection, as a load balancer sends it: 503 or no connection at all both mean "not ready".
    private static async Task AssertNotReadyAsync(ServerProcess server) =>
        await Poll.UntilAsync(
            () => StatusOnNewConnectionAsync(server, HttpMethod.Get, "/v2/health/ready", null),
            status => status is null or HttpStatusCode.ServiceUnavailable,
            "readiness answers 503 (or no connection) after SIGTERM",
            TimeSpan.FromSeconds(3),
            TimeSpan.FromMilliseconds(20));

    private static async Task AssertRefusedAsync(ServerProcess server)
    {
        var status = await StatusOnNewConnectionAsync(server, HttpMethod.Post, $"/v2/models/{Model}/infer", InferenceBody());

        Assert.True(status is null or HttpStatusCode.ServiceUnavailable, $"A new inference request during shutdown answered {status}.");
    }

    private static async Task<HttpStatusCode?> StatusOnNewConnectionAsync(ServerProcess server, HttpMethod method, string path, byte[]? body)
    {
        using var client = new HttpClient { BaseAddress = server.HttpAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.Admin);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        try
        {
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && path.EndsWith("/infer", StringComparison.Ordinal))
            {
                Assert.Contains("shutting down", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public void Dispose() => _temporary.Dispose();
}
