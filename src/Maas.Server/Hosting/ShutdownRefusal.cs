using Maas.Core;
using Maas.Server.Hosting.Errors;

namespace Maas.Server.Hosting;

/// <summary>
/// The answer to a request that arrives after shutdown has begun: 503 (gRPC <c>UNAVAILABLE</c>) in the shape the
/// caller's protocol expects, on a connection the client is told to close, so a retry lands on another instance.
/// </summary>
internal static class ShutdownRefusal
{
    public const string Message = "The server is shutting down and takes no new requests; retry on another instance.";

    public static Task WriteAsync(HttpContext context, RequestKind kind)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            response.Headers.Connection = "close";
        }

        if (kind is RequestKind.Grpc or RequestKind.GrpcInference)
        {
            // A trailers-only gRPC response: the status travels in the headers and there is no message.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.Unavailable).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(Message);
            return Task.CompletedTask;
        }

        return InferenceErrors.IsInferencePath(context.Request.Path)
            ? InferenceErrors.WriteAsync(response, ErrorCode.Unavailable, Message)
            : Problems.Create(ErrorCode.Unavailable, Message).ExecuteAsync(context);
    }
}
