using Maas.Core;

namespace Maas.Server.Hosting.Errors;

/// <summary>
/// Turns exceptions into problem responses at the edge: domain errors with their own sentence, malformed requests as
/// 400, and anything else as a 500 that reveals nothing about the server but a trace id to find it in the log.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (MaasException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ex.Code, ex.Message);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCode.PayloadTooLarge : ErrorCode.InvalidArgument;
            await WriteAsync(context, code, Describe(ex));
        }
        // Kestrel cancels RequestAborted asynchronously, so a read cut by an aborted connection (a client gone, or the
        // shutdown timeout running out) can surface before the token shows it; the inner exception says so at once.
        catch (OperationCanceledException ex) when (context.RequestAborted.IsCancellationRequested || ex.InnerException is Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogUnhandled(logger, EscapedException.For(ex), context.TraceIdentifier);
            await WriteAsync(
                context,
                ErrorCode.Internal,
                $"An unexpected error occurred; the server log has the details under trace id {context.TraceIdentifier}.");
        }
    }

    // The inference protocol (/v2) has its own error body, {"error": "..."}, which Triton and KServe clients parse;
    // the management API answers RFC 9457 problem details.
    private static Task WriteAsync(HttpContext context, ErrorCode code, string message)
    {
        context.Response.Clear();
        return InferenceErrors.IsInferencePath(context.Request.Path)
            ? InferenceErrors.WriteAsync(context.Response, code, message)
            : Problems.Create(code, message).ExecuteAsync(context);
    }

    // The framework's own messages name .NET types; the caller gets the field and what it must be.
    private static string Describe(BadHttpRequestException ex) =>
        ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ex.Message : BindingProblems.Describe(ex);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Unhandled exception for request {TraceId}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string traceId);
}
