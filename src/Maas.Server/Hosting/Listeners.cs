using System.Net;
using System.Security.Cryptography.X509Certificates;
using Maas.Server.Security;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Maas.Server.Hosting;

/// <summary>
/// The server's two listeners (HTTP/1.1 and HTTP/2 for REST, HTTP/2 only for gRPC) at the addresses of
/// <see cref="HostingOptions"/>, both over TLS when a certificate is given, and the addresses they were bound to: with
/// port 0, the port the system picked.
/// </summary>
internal sealed class Listeners(HostingOptions hosting, X509Certificate2? certificate)
{
    // The mark a connection accepted on the gRPC listener carries in its items.
    private static readonly object GrpcListenerMark = new();

    private ListenOptions? _http;
    private ListenOptions? _grpc;

    /// <summary>The bound HTTP address; read it once the server has started.</summary>
    public Uri HttpAddress => ToUri(_http ?? throw new InvalidOperationException("The server has not started."));

    /// <summary>The bound gRPC address, or <c>null</c> when gRPC is disabled.</summary>
    public Uri? GrpcAddress => _grpc is null ? null : ToUri(_grpc);

    /// <summary>Adds the listeners to Kestrel; the options validator has checked both addresses.</summary>
    public void Bind(KestrelServerOptions kestrel)
    {
        var http = ListenAddress.Parse(hosting.HttpAddress);
        kestrel.Listen(http.Address, http.Port, listen =>
        {
            UseTls(listen);
            VerifiedKeyMemo.Attach(listen);
            _http = listen;
        });
        if (hosting.GrpcDisabled)
        {
            return;
        }

        var grpc = ListenAddress.Parse(hosting.GrpcAddress);
        kestrel.Listen(grpc.Address, grpc.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            UseTls(listen);
            listen.Use(next => connection =>
            {
                connection.Items[GrpcListenerMark] = GrpcListenerMark;
                return next(connection);
            });
            VerifiedKeyMemo.Attach(listen);
            _grpc = listen;
        });
    }

    /// <summary>Whether <paramref name="context"/>'s request came through the gRPC listener.</summary>
    public static bool IsGrpcListener(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(GrpcListenerMark) == true;

    /// <summary>
    /// The warning for listeners beyond loopback without TLS, or <c>null</c> when every listener is on loopback or TLS
    /// is on: API keys and tensors would cross the network in clear text.
    /// </summary>
    public static string? PlainTextWarning(HostingOptions hosting)
    {
        ArgumentNullException.ThrowIfNull(hosting);
        if (hosting.TlsEnabled)
        {
            return null;
        }

        string[] addresses = hosting.GrpcDisabled ? [hosting.HttpAddress] : [hosting.HttpAddress, hosting.GrpcAddress];
        var exposed = addresses.Where(a => ListenAddress.TryParse(a, out var parsed) && !IPAddress.IsLoopback(parsed.Address)).ToList();
        return exposed.Count == 0
            ? null
            : $"listening on {string.Join(" and ", exposed)}, beyond loopback, without TLS: API keys and data cross the network in clear text. Give a certificate (--tls-cert, --tls-key), or listen on 127.0.0.1 behind a proxy that terminates TLS (docs/security.md, TLS).";
    }

    private void UseTls(ListenOptions listen)
    {
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }
    }

    private Uri ToUri(ListenOptions listen)
    {
        var endpoint = listen.IPEndPoint!;
        var host = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : endpoint.Address;
        return new Uri($"{(certificate is null ? "http" : "https")}://{new IPEndPoint(host, endpoint.Port)}");
    }
}
