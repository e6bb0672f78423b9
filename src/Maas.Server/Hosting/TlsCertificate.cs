using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Maas.Core;

namespace Maas.Server.Hosting;

/// <summary>
/// Loads the certificate of <see cref="HostingOptions.CertificatePath"/>: a PKCS#12 file when its name ends in
/// <c>.pfx</c> or <c>.p12</c>, else a PEM file (the certificate, then its chain, with the private key in it or in
/// <see cref="HostingOptions.CertificateKeyPath"/>). A password (of the PKCS#12 file, or of an encrypted PEM key) comes from
/// <see cref="HostingOptions.CertificatePassword"/>, which only the environment or a configuration file sets.
/// </summary>
internal static class TlsCertificate
{
    /// <summary>
    /// The certificate, or <c>null</c> when none is configured. A file that cannot be read, or a certificate without
    /// its private key, stops the start with a <see cref="MaasException"/> naming the flag (never the password).
    /// </summary>
    public static X509Certificate2? Load(HostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.TlsEnabled)
        {
            return string.IsNullOrEmpty(options.CertificateKeyPath)
                ? null
                : throw MaasException.Invalid("--tls-key is the key of a certificate; give the certificate too (--tls-cert).");
        }

        var path = options.CertificatePath!;
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(path) ? LoadPem(path, options.CertificateKeyPath, options.CertificatePassword) : X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw MaasException.Invalid($"--tls-cert: the certificate in '{path}' could not be loaded ({ex.Message.TrimEnd('.')}). Give a PEM certificate with --tls-key, or a .pfx file with its password in MAAS_TLS_PASSWORD.");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw MaasException.Invalid($"--tls-cert: the certificate in '{path}' comes without its private key; give the key file with --tls-key.");
        }

        return certificate;
    }

    // By name, as openssl and Kestrel have it: a PEM file may begin with text ("Bag Attributes") before its first block.
    private static bool IsPem(string path) =>
        !path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static X509Certificate2 LoadPem(string path, string? keyPath, string? password)
    {
        var key = string.IsNullOrEmpty(keyPath) ? null : keyPath;
        var certificate = password is null
            ? X509Certificate2.CreateFromPemFile(path, key)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, key);
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        // SChannel cannot use the ephemeral key a PEM file gives; a round trip through PKCS#12 stores it.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
