namespace Maas.Server.Hosting;

/// <summary>Where the server listens and how it stops (configuration section <c>Maas:Hosting</c>).</summary>
internal sealed class HostingOptions
{
    /// <summary>The HTTP listen address, <c>host:port</c>. Default <c>127.0.0.1:8000</c>; port 0 picks a free port.</summary>
    public string HttpAddress { get; set; } = "127.0.0.1:8000";

    /// <summary>The gRPC (HTTP/2) listen address, <c>host:port</c>. Default <c>127.0.0.1:8001</c>; <c>none</c> disables it.</summary>
    public string GrpcAddress { get; set; } = "127.0.0.1:8001";

    /// <summary>How long a stop (SIGTERM, Ctrl+C) waits for requests in flight before it cuts them off. Default 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The host names, besides <c>localhost</c> and IP literals, that requests may name in <c>Host</c> (HTTP/2
    /// <c>:authority</c>): a comma-separated list of names and <c>*.suffix</c> wildcards, or <c>*</c> for any. Default
    /// empty: only <c>localhost</c> and IP literals, the guard against DNS rebinding (see <see cref="Hosting.AllowedHosts"/>).
    /// </summary>
    public string AllowedHosts { get; set; } = string.Empty;

    /// <summary>Whether the gRPC listener serves the REST and management APIs too. Default <c>false</c>: gRPC only.</summary>
    public bool RestOnGrpcPort { get; set; }

    /// <summary>Whether <see cref="GrpcAddress"/> turns gRPC off.</summary>
    public bool GrpcDisabled => string.Equals(GrpcAddress, "none", StringComparison.OrdinalIgnoreCase);
}
