using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Maas.Cli.Tests;

/// <summary>MAAS_SERVER and MAAS_API_KEY, checked against a one-request HTTP listener that records what it got.</summary>
public sealed class EnvironmentTests
{
    [Fact]
    public async Task List_ServerAndKeyFromEnvironment_AreUsed()
    {
        using var listener = StartListener(out var address);
        var answer = AnswerOnceAsync(listener, HttpStatusCode.OK, """{"models":[],"nextPageToken":null}""");

        var result = await RunAsync(new() { ["MAAS_SERVER"] = address, ["MAAS_API_KEY"] = "from-env" }, "models", "list", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Bearer from-env", await answer);
    }

    [Fact]
    public async Task List_UnauthorizedWithoutKey_HintsAtTheKey()
    {
        using var listener = StartListener(out var address);
        var answer = AnswerOnceAsync(listener, HttpStatusCode.Unauthorized, """{"title":"Unauthorized","status":401,"detail":"An API key is required.","code":"Unauthenticated"}""");

        var result = await RunAsync([], "models", "list", "--server", address);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Null(await answer);
        Assert.Contains("error: An API key is required.", result.Stderr);
        Assert.Contains("MAAS_API_KEY", result.Stderr);
    }

    private static HttpListener StartListener(out string address)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        address = $"http://127.0.0.1:{port}/";
        var listener = new HttpListener();
        listener.Prefixes.Add(address);
        listener.Start();
        return listener;
    }

    // Answers one request and returns the Authorization header it carried.
    private static async Task<string?> AnswerOnceAsync(HttpListener listener, HttpStatusCode status, string json)
    {
        var context = await listener.GetContextAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var authorization = context.Request.Headers["Authorization"];
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = status == HttpStatusCode.OK ? "application/json" : "application/problem+json";
        var body = Encoding.UTF8.GetBytes(json);
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
        return authorization;
    }

    private static async Task<CommandResult> RunAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var start = MaasCommand.StartInfo(arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
