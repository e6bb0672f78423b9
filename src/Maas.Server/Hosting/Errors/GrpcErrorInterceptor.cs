using Grpc.Core;
using Grpc.Core.Interceptors;
using Maas.Core;

namespace Maas.Server.Hosting.Errors;

/// <summary>
/// Maps domain errors to gRPC status codes for every gRPC method in one place, with the same sentences REST gives.
/// Unexpected exceptions become INTERNAL with a trace hint and nothing else.
/// </summary>
internal sealed partial class GrpcErrorInterceptor(ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (MaasException ex)
        {
            throw new RpcException(new Status(ErrorMapping.ToGrpcStatus(ex.Code), ex.Message));
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            var traceId = context.GetHttpContext().TraceIdentifier;
            LogUnhandled(logger, EscapedException.For(ex), context.Method, traceId);
            throw new RpcException(new Status(StatusCode.Internal, $"An unexpected error occurred; the server log has the details under trace id {traceId}."));
        }
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Unhandled exception in gRPC method {Method} ({TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string traceId);
}
