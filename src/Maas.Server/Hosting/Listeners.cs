using System.Net;
using Maas.Server.Security;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Maas.Server.Hosting;

/// <summary>
/// The server's two listeners (HTTP/1.1 and HTTP/2 for REST, HTTP/2 only for gRPC) at the addresses of
/// <see cref="HostingOptions"/>, and the addresses they were bound to: with port 0, the port the system picked.
/// </summary>
internal sealed class Listeners(HostingOptions hosting)
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

    private static Uri ToUri(ListenOptions listen)
    {
        var endpoint = listen.IPEndPoint!;
        var host = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : endpoint.Address;
        return new Uri($"http://{new IPEndPoint(host, endpoint.Port)}");
    }
}
