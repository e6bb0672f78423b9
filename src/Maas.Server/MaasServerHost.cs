namespace Maas.Server;

/// <summary>Runs the Maas server until it is told to stop.</summary>
public static class MaasServerHost
{
    /// <summary>
    /// Starts the server with <paramref name="options"/>, prints the addresses it listens on to standard output
    /// (<c>maas: http listening on http://127.0.0.1:8000</c>, then <c>maas: ready</c>) and runs until
    /// <paramref name="cancellationToken"/> fires or the process gets SIGINT/SIGTERM. Returns the process exit code.
    /// </summary>
    public static Task<int> RunAsync(MaasServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        throw new NotImplementedException("The server is being written.");
    }
}
