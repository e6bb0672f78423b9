using Maas.Core;
using Maas.Server.Security;

namespace Maas.Server.Hosting;

/// <summary>
/// Refuses a request whose <c>Host</c> (HTTP/2 <c>:authority</c>) is a name <see cref="AllowedHosts"/> does not list,
/// with 400 (gRPC <c>INVALID_ARGUMENT</c>) in the request's protocol, before its key or body is looked at: a page that
/// rebinds its own name to the server's address never gets further.
/// </summary>
internal sealed partial class HostFilterMiddleware(RequestDelegate next, AllowedHosts allowed, ILogger<HostFilterMiddleware> logger)
{
    // A Host header is the client's text; the answer quotes only its start.
    private const int QuotedCharacters = 100;

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (allowed.Allows(host))
        {
            return next(context);
        }

        var name = host.Host.Length > QuotedCharacters ? host.Host[..QuotedCharacters] + "…" : host.Host;
        LogRefused(logger, context.TraceIdentifier, name);
        return SecurityErrors.WriteAsync(context, new AccessRefusal(
            ErrorCode.InvalidArgument,
            $"This server does not answer to the host name '{name}' (a guard against DNS rebinding); add it to --allowed-hosts (Maas:Hosting:AllowedHosts), or use localhost or the server's IP address."));
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Request {TraceId} refused: host name {Host} is not in --allowed-hosts")]
    private static partial void LogRefused(ILogger logger, string traceId, string host);
}
