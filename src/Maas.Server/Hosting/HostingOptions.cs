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
    /// none: only <c>localhost</c> and IP literals, the guard against DNS rebinding (see <see cref="Hosting.AllowedHosts"/>).
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>Whether the gRPC listener serves the REST and management APIs too. Default <c>false</c>: gRPC only.</summary>
    public bool RestOnGrpcPort { get; set; }

    /// <summary>
    /// The TLS certificate: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or a PEM file with the certificate and its chain.
    /// Set, both listeners speak TLS only (HTTPS, gRPC over TLS). Default none: plain HTTP (see
    /// <see cref="Listeners.PlainTextWarning"/>).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>, unless that file holds it (or is PKCS#12). Default none.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key; never a flag. Default none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Whether a certificate is configured, so both listeners speak TLS.</summary>
    public bool TlsEnabled => !string.IsNullOrEmpty(CertificatePath);

    /// <summary>Whether <see cref="GrpcAddress"/> turns gRPC off.</summary>
    public bool GrpcDisabled => string.Equals(GrpcAddress, "none", StringComparison.OrdinalIgnoreCase);
}
