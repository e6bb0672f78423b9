using Maas.Core;
using Maas.Server.Hosting;

namespace Maas.Server;

/// <summary>Runs the Maas server until it is told to stop.</summary>
public static class MaasServerHost
{
    /// <summary>
    /// Starts the server with <paramref name="options"/>, prints the addresses it listens on to standard output
    /// (<c>maas: http listening on http://127.0.0.1:8000</c>, then <c>maas: ready</c>) and runs until
    /// <paramref name="cancellationToken"/> fires or the process gets SIGINT/SIGTERM. Returns the process exit code:
    /// 0 after a clean stop, 1 when the server could not start (the reason goes to standard error).
    /// </summary>
    public static async Task<int> RunAsync(MaasServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaasServer server;
        try
        {
            server = await MaasServer.StartAsync(options, cancellationToken);
        }
        catch (MaasException ex)
        {
            await Console.Error.WriteLineAsync("maas: cannot start: " + ex.Message);
            return 1;
        }
        catch (IOException ex)
        {
            // Typically the port is taken; Kestrel's message says which address.
            await Console.Error.WriteLineAsync("maas: cannot start: " + ex.Message);
            return 1;
        }

        await using (server)
        {
            Console.WriteLine($"maas: http listening on {server.HttpAddress.ToString().TrimEnd('/')}");
            if (server.GrpcAddress is not null)
            {
                Console.WriteLine($"maas: grpc listening on {server.GrpcAddress.ToString().TrimEnd('/')}");
            }

            Console.WriteLine($"maas: data in {Path.GetFullPath(options.DataDirectory)}");
            Console.WriteLine("maas: ready");
            try
            {
                await server.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The shutdown timeout ran out with requests still running: cutting them off is what it is for, and
                // the stop is still the one asked for. Disposing below stops what is left.
                await Console.Error.WriteLineAsync("maas: the shutdown timeout ran out; requests still running were cut off.");
            }
        }

        return 0;
    }
}
