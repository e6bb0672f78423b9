using Maas.Core;
using Maas.Server.Hosting;
using Maas.Server.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace Maas.Server;

/// <summary>Runs the Maas server until it is told to stop; what <c>maas serve</c> calls.</summary>
public static class MaasServerHost
{
    /// <summary>
    /// Starts the server with <paramref name="configuration"/> (built by <see cref="MaasConfiguration.Build"/>), prints
    /// the addresses it listens on to standard output (<c>maas: http listening on http://127.0.0.1:8000</c>, then
    /// <c>maas: ready</c>) and runs until <paramref name="cancellationToken"/> fires or the process gets SIGINT/SIGTERM.
    /// Returns the process exit code: 0 after a clean stop, 1 when the server could not start (the reason goes to
    /// standard error, one line per bad setting).
    /// </summary>
    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Before the start, so that it is said even when the start then fails.
        var effective = EffectiveConfiguration.Load(configuration);
        if (effective.Errors.Count == 0 && Listeners.PlainTextWarning(effective.Get<HostingOptions>()) is { } warning)
        {
            await Console.Error.WriteLineAsync("maas: warning: " + warning);
        }

        MaasServer server;
        try
        {
            server = await MaasServer.StartAsync(configuration, cancellationToken);
        }
        catch (MaasException ex)
        {
            await Console.Error.WriteLineAsync("maas: cannot start: " + ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            // Typically the port is taken (Kestrel's message says which address), or the address is not this machine's.
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

            Console.WriteLine($"maas: data in {server.DataDirectory}");
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

    /// <summary>
    /// Writes every setting's effective value and its source to <paramref name="output"/> (secrets masked), as text or
    /// as JSON; what is wrong with the configuration goes to <paramref name="error"/>. Starts nothing. Returns 0 when
    /// the configuration can run a server, 1 otherwise.
    /// </summary>
    public static int PrintConfiguration(IConfigurationRoot configuration, bool json, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(error);
        var effective = EffectiveConfiguration.Load(configuration);
        ConfigurationReport.Write(configuration, effective, output, json);
        foreach (var problem in effective.Errors)
        {
            error.WriteLine("maas: invalid setting: " + problem);
        }

        return effective.Errors.Count == 0 ? 0 : 1;
    }
}
