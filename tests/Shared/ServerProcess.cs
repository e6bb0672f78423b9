using System.Diagnostics;
using System.Text;

namespace Maas.Testing;

/// <summary>
/// A real <c>maas serve</c> child process on 127.0.0.1 with a free port, for tests that need a separate process:
/// CLI round trips and crash tests that kill the server with SIGKILL. Requires <c>maas.dll</c> in the test's output
/// folder (reference Maas.Cli).
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _httpAddress;
    private Uri? _pendingHttp;
    private Uri? _grpcAddress;

    private ServerProcess(Process process) => _process = process;

    /// <summary>The server's HTTP base address.</summary>
    public Uri HttpAddress => _httpAddress ?? throw new InvalidOperationException("The server is not ready.");

    /// <summary>The server's gRPC address, when it was started with <c>--grpc</c>; <c>null</c> otherwise.</summary>
    public Uri? GrpcAddress => _grpcAddress;

    public int ProcessId => _process.Id;

    /// <summary>An HTTP client of this server that sends <paramref name="apiKey"/> (default: the test admin key) as a bearer token.</summary>
    public HttpClient CreateClient(string? apiKey = TestKeys.Admin)
    {
        var client = new HttpClient { BaseAddress = HttpAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far (stdout and stderr), for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>maas serve</c> on <paramref name="dataDirectory"/> with <see cref="TestKeys.Admin"/> as its admin key and
    /// waits until it prints <c>maas: ready</c>.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, TimeSpan? timeout = null, params string[] extraArguments) =>
        StartAsync(dataDirectory, new Dictionary<string, string?> { [TestKeys.AdminKeyVariable] = TestKeys.Admin }, timeout, extraArguments);

    /// <summary>
    /// Starts <c>maas serve</c> with <paramref name="environment"/> added to its environment (a <c>null</c> value removes
    /// a variable: leave out <c>MAAS_ADMIN_KEY</c> to see the server generate its first admin key).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan? timeout = null, params string[] extraArguments)
    {
        // gRPC is off unless the caller turns it on (--grpc 127.0.0.1:0).
        string[] grpc = extraArguments.Contains("--grpc") ? [] : ["--grpc", "none"];
        var start = MaasCommand.StartInfo(["serve", "--data-dir", dataDirectory, "--http", "127.0.0.1:0", .. grpc, .. extraArguments]);
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var server = new ServerProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.Exited += (_, _) => server._ready.TrySetException(new InvalidOperationException("maas serve exited before it was ready:\n" + server.Output));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            server._httpAddress = await server._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Kills the process with SIGKILL (no chance to clean up) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as a service manager does to stop the server gracefully, and returns at once.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -TERM {ProcessId} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit; returns its exit code, or <c>null</c> if it is still running.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        const string HttpPrefix = "maas: http listening on ";
        const string GrpcPrefix = "maas: grpc listening on ";
        if (line.StartsWith(HttpPrefix, StringComparison.Ordinal))
        {
            _pendingHttp = new Uri(line[HttpPrefix.Length..].Trim());
        }
        else if (line.StartsWith(GrpcPrefix, StringComparison.Ordinal))
        {
            _grpcAddress = new Uri(line[GrpcPrefix.Length..].Trim());
        }
        else if (line == "maas: ready" && _pendingHttp is not null)
        {
            _ready.TrySetResult(_pendingHttp);
        }
    }
}
