using Maas.Core;
using Maas.Server.Security;
using Microsoft.Extensions.Options;

namespace Maas.Server.Hosting;

/// <summary>
/// Keeps the gRPC listener to gRPC: a request on it that is not a gRPC call (the REST and management APIs,
/// <c>/metrics</c>, OpenAPI) is answered 404 with a sentence pointing at the HTTP address, before its key is looked at,
/// unless <see cref="HostingOptions.RestOnGrpcPort"/> asks for REST there too. gRPC health is a gRPC service, so it
/// is served.
/// </summary>
internal sealed class GrpcPortMiddleware(RequestDelegate next, IOptions<HostingOptions> hosting)
{
    public const string Message =
        "This is the gRPC port (--grpc), which serves only gRPC; the REST and management APIs are on the HTTP address (--http). Start the server with --rest-on-grpc-port to serve them here too.";

    private readonly bool _restOnGrpcPort = hosting.Value.RestOnGrpcPort;

    public Task InvokeAsync(HttpContext context) =>
        _restOnGrpcPort || !Listeners.IsGrpcListener(context) || GrpcRequests.IsGrpc(context.Request)
            ? next(context)
            : SecurityErrors.WriteAsync(context, new AccessRefusal(ErrorCode.NotFound, Message));
}
