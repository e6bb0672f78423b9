using System.Security.Cryptography.X509Certificates;
using Maas.Core;
using Maas.Server.Hosting;
using Maas.Server.Tests.Hostile;

namespace Maas.Server.Tests.Hosting;

/// <summary>Loading <c>--tls-cert</c>: PKCS#12 with its password, PEM with a separate key, and the refusals.</summary>
public sealed class TlsCertificateTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("maas-cert-");

    [Fact]
    public void Load_PfxWithItsPassword_HasThePrivateKey()
    {
        using var made = SelfSignedCertificate.Create();
        var path = _folder.Combine("server.pfx");
        File.WriteAllBytes(path, made.Export(X509ContentType.Pkcs12, "s3cret-pass"));

        using var loaded = TlsCertificate.Load(new HostingOptions { CertificatePath = path, CertificatePassword = "s3cret-pass" });

        Assert.NotNull(loaded);
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(made.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public void Load_PfxWithAWrongPassword_StopsTheStartWithoutSayingThePassword()
    {
        using var made = SelfSignedCertificate.Create();
        var path = _folder.Combine("server.p12");
        File.WriteAllBytes(path, made.Export(X509ContentType.Pkcs12, "s3cret-pass"));

        var error = Assert.Throws<MaasException>(() => TlsCertificate.Load(new HostingOptions { CertificatePath = path, CertificatePassword = "wrong-guess" }));

        Assert.Contains("--tls-cert", error.Message, StringComparison.Ordinal);
        Assert.Contains("MAAS_TLS_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-guess", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PemWithoutItsKey_AsksForTheKey()
    {
        using var made = SelfSignedCertificate.Create();
        var path = _folder.Combine("server.crt");
        File.WriteAllText(path, made.ExportCertificatePem());

        var error = Assert.Throws<MaasException>(() => TlsCertificate.Load(new HostingOptions { CertificatePath = path }));

        Assert.Contains("--tls-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AKeyWithoutItsCertificate_StopsTheStart()
    {
        var error = Assert.Throws<MaasException>(() => TlsCertificate.Load(new HostingOptions { CertificateKeyPath = _folder.Combine("server.key") }));

        Assert.Contains("--tls-cert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AMissingFile_NamesTheFlag()
    {
        var error = Assert.Throws<MaasException>(() => TlsCertificate.Load(new HostingOptions { CertificatePath = _folder.Combine("absent.pem") }));

        Assert.Contains("--tls-cert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoCertificate_IsNull()
    {
        Assert.Null(TlsCertificate.Load(new HostingOptions()));
    }

    [Theory]
    [InlineData("0.0.0.0:8000", "none", null, "0.0.0.0:8000")]
    [InlineData("127.0.0.1:8000", "[::]:8001", null, "[::]:8001")]
    [InlineData("10.0.0.5:8000", "127.0.0.1:8001", null, "10.0.0.5:8000")]
    [InlineData("127.0.0.1:8000", "127.0.0.1:8001", null, null)]
    [InlineData("[::1]:8000", "localhost:8001", null, null)]
    [InlineData("0.0.0.0:8000", "0.0.0.0:8001", "server.pfx", null)]
    public void PlainTextWarning_NamesTheAddressesBeyondLoopbackWithoutTls(string http, string grpc, string? certificate, string? named)
    {
        var warning = Listeners.PlainTextWarning(new HostingOptions { HttpAddress = http, GrpcAddress = grpc, CertificatePath = certificate });

        if (named is null)
        {
            Assert.Null(warning);
        }
        else
        {
            Assert.NotNull(warning);
            Assert.Contains(named, warning, StringComparison.Ordinal);
            Assert.Contains("--tls-cert", warning, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("maas.example.com")]
    [InlineData("maas.example.com, *.corp.example")]
    [InlineData("*")]
    [InlineData("host.")]
    public void AllowedHosts_WellFormedLists_Parse(string value)
    {
        Assert.NotNull(AllowedHosts.TryParse(value));
    }

    [Theory]
    [InlineData("maas.example.com:8000")]
    [InlineData("https://maas.example.com")]
    [InlineData("*example.com")]
    [InlineData("-bad.example")]
    [InlineData("a..b")]
    [InlineData("host/path")]
    public void AllowedHosts_MalformedEntries_AreRefused(string value)
    {
        Assert.Null(AllowedHosts.TryParse(value));
    }

    public void Dispose() => _folder.Dispose();
}
