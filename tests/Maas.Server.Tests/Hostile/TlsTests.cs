using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Maas.Server.Inference.Protocol.Grpc;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// A server with a certificate (<c>--tls-cert</c>, <c>--tls-key</c>): a self-signed one made for the test, in PEM
/// files. Both listeners then speak TLS only: HTTPS for REST, gRPC over TLS.
/// </summary>
public sealed class TlsFixture : ServerFixture
{
    public TlsFixture()
    {
        EnableGrpc = true;
        Certificate = SelfSignedCertificate.Create();

        // Beside the data folder, in the fixture's temporary folder, which goes with it.
        var folder = Path.GetDirectoryName(DataDirectory)!;
        var (certificate, key) = (Path.Combine(folder, "server.crt"), Path.Combine(folder, "server.key"));
        File.WriteAllText(certificate, Certificate.ExportCertificatePem());
        using (var ecdsa = Certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(key, ecdsa.ExportPkcs8PrivateKeyPem());
        }

        Settings["Maas:Hosting:CertificatePath"] = certificate;
        Settings["Maas:Hosting:CertificateKeyPath"] = key;
    }

    /// <summary>The server's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A handler that trusts exactly <see cref="Certificate"/>, as a client given the server's certificate does.</summary>
    public SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString(),
        },
    };
}

/// <summary>Real TLS round trips: REST over HTTPS, gRPC over TLS, and no plain HTTP left on either port.</summary>
public sealed class TlsTests(TlsFixture server) : IClassFixture<TlsFixture>
{
    [Fact]
    public async Task Rest_OverHttps_AnswersWithTheServersCertificate()
    {
        Assert.Equal(Uri.UriSchemeHttps, server.Server.HttpAddress.Scheme);
        using var http = new HttpClient(server.TrustingHandler()) { BaseAddress = server.Server.HttpAddress };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + server.AdminKey);

        using var created = await http.PostAsJsonAsync("/api/v1/models", new { name = "over-tls" });
        using var listed = await http.GetAsync("/api/v1/models/over-tls");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("over-tls", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_OverTls_Answers()
    {
        Assert.Equal(Uri.UriSchemeHttps, server.GrpcAddress.Scheme);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new KeyHandler(server.AdminKey) { InnerHandler = server.TrustingHandler() },
            DisposeHttpClient = true,
        });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var live = await client.ServerLiveAsync(new ServerLiveRequest());
        var metadata = await client.ServerMetadataAsync(new ServerMetadataRequest());

        Assert.True(live.Live);
        Assert.Equal("maas", metadata.Name);
    }

    [Fact]
    public async Task PlainHttp_ToEitherPort_GetsNoAnswer()
    {
        using var http = new HttpClient();
        foreach (var address in new[] { server.Server.HttpAddress, server.GrpcAddress })
        {
            var plain = new UriBuilder(address) { Scheme = Uri.UriSchemeHttp, Port = address.Port }.Uri;
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(plain, "/v2/health/live"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

            var error = await Record.ExceptionAsync(() => http.SendAsync(request, timeout.Token));

            Assert.IsType<HttpRequestException>(error);
        }
    }

    [Fact]
    public async Task Https_WithAnUntrustedCertificate_IsRefusedByTheClient()
    {
        // The default client trusts only the system's authorities: the self-signed certificate must not pass.
        using var http = new HttpClient { BaseAddress = server.Server.HttpAddress };

        var error = await Record.ExceptionAsync(() => http.GetAsync("/v2/health/live"));

        Assert.IsType<HttpRequestException>(error);
        Assert.IsAssignableFrom<AuthenticationException>(error.InnerException);
    }
}

/// <summary>Makes a self-signed certificate for 127.0.0.1, ::1 and localhost, valid for a day.</summary>
internal static class SelfSignedCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=maas-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
