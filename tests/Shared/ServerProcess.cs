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

    private ServerProcess(Process process) => _process = process;

    /// <summary>The server's HTTP base address.</summary>
    public Uri HttpAddress => _httpAddress ?? throw new InvalidOperationException("The server is not ready.");

    public int ProcessId => _process.Id;

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

    /// <summary>Starts <c>maas serve</c> on <paramref name="dataDirectory"/> and waits until it prints <c>maas: ready</c>.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, TimeSpan? timeout = null, params string[] extraArguments)
    {
        var start = MaasCommand.StartInfo(["serve", "--data-dir", dataDirectory, "--http", "127.0.0.1:0", "--grpc", "none", .. extraArguments]);
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
        if (line.StartsWith(HttpPrefix, StringComparison.Ordinal))
        {
            _pendingHttp = new Uri(line[HttpPrefix.Length..].Trim());
        }
        else if (line == "maas: ready" && _pendingHttp is not null)
        {
            _ready.TrySetResult(_pendingHttp);
        }
    }
}
