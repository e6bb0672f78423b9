using System.Globalization;
using Maas.Core;
using Maas.Server.Hosting.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Maas.Server.Hosting;

/// <summary>
/// Enforces the per-request limits Kestrel cannot know by itself: the body limit of each kind of request, the
/// inference timeout (REST 504, gRPC <c>DEADLINE_EXCEEDED</c>), and refusing new requests once the server is stopping,
/// so that a request which arrives on a kept-alive connection during shutdown gets a clear 503 instead of starting work
/// the server will not wait for. A 413 the framework set without a body gets a sentence naming the limit.
/// </summary>
internal sealed partial class RequestLimitsMiddleware(
    RequestDelegate next,
    IOptions<LimitsOptions> limits,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<RequestLimitsMiddleware> logger)
{
    private readonly LimitsOptions _limits = limits.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        var kind = RequestKinds.Classify(context.Request);
        if (lifetime.ApplicationStopping.IsCancellationRequested && kind != RequestKind.Health)
        {
            LogRefusedWhileStopping(logger, context.TraceIdentifier);
            await ShutdownRefusal.WriteAsync(context, kind);
            return;
        }

        switch (kind)
        {
            case RequestKind.RestInference:
                SetBodyLimit(context, _limits.MaxInferenceBodyBytes);
                await RunWithTimeoutAsync(context);
                break;
            case RequestKind.GrpcInference or RequestKind.Grpc:
                // Grpc.AspNetCore leaves Kestrel's body limit in place for unary calls. Its own message limit
                // (--max-inference-bytes) is the one that answers RESOURCE_EXHAUSTED as soon as a frame header announces
                // too much; a Kestrel limit as well would race it and fail the call with a vaguer status.
                SetBodyLimit(context, null);
                if (kind == RequestKind.GrpcInference)
                {
                    GrpcDeadline.Cap(context.Request.Headers, _limits.RequestTimeout);
                }

                await next(context);
                return;
            default:
                await next(context);
                break;
        }

        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await WriteTooLargeAsync(context);
        }
    }

    private async Task RunWithTimeoutAsync(HttpContext context)
    {
        var timeout = _limits.RequestTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            await next(context);
            return;
        }

        // The handler binds its CancellationToken from RequestAborted, so swapping in the deadline's token reaches the
        // body read, the load wait and the queue: a request still queued when its time is up leaves the queue.
        // One source per request, timed by the server's clock (on the system clock, its internal timer) and cancelled
        // by the connection too, through one registration: what a linked source would cost, with no second timer.
        var aborted = context.RequestAborted;
        using var linked = new CancellationTokenSource(timeout, timeProvider);
        using var abort = aborted.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), linked);
        context.RequestAborted = linked.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested && !aborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            LogTimedOut(logger, context.TraceIdentifier, timeout);
            context.Response.Clear();
            await InferenceErrors.WriteAsync(
                context.Response,
                StatusCodes.Status504GatewayTimeout,
                string.Create(CultureInfo.InvariantCulture, $"The inference did not finish within the request timeout of {timeout.TotalSeconds:0.###} s (Maas:Limits:RequestTimeout, --request-timeout); the model or its queue is too slow for this request now."));
        }
        finally
        {
            context.RequestAborted = aborted;
        }
    }

    private static void SetBodyLimit(HttpContext context, long? bytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
    }

    private static Task WriteTooLargeAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        var message = limit is long bytes
            ? string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the limit of {bytes} bytes for this endpoint.")
            : "The request body is too large for this endpoint.";
        return InferenceErrors.IsInferencePath(context.Request.Path)
            ? InferenceErrors.WriteAsync(context.Response, ErrorCode.PayloadTooLarge, message)
            : Problems.Create(ErrorCode.PayloadTooLarge, message).ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Inference request {TraceId} did not finish within the request timeout of {Timeout}")]
    private static partial void LogTimedOut(ILogger logger, string traceId, TimeSpan timeout);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Request {TraceId} refused: the server is stopping")]
    private static partial void LogRefusedWhileStopping(ILogger logger, string traceId);
}
