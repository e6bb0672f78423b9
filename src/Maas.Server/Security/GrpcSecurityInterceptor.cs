using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Maas.Core;
using Maas.Core.Security;
using Maas.Server.Hosting.Errors;

namespace Maas.Server.Security;

/// <summary>
/// The gRPC side of <see cref="SecurityMiddleware"/>: the same key check (from the <c>authorization</c> or
/// <c>x-api-key</c> metadata), rate, role and scope rules, read from the attributes on the service's methods, with the
/// model name taken from the request message. Refusals are UNAUTHENTICATED, RESOURCE_EXHAUSTED (with
/// <c>retry-after</c> and <c>grpc-retry-pushback-ms</c> trailers), PERMISSION_DENIED and NOT_FOUND.
/// </summary>
/// <remarks>Every kind of call is covered, streaming ones included (the health service's <c>Watch</c>).</remarks>
internal sealed partial class GrpcSecurityInterceptor(
    KeyAuthenticator authenticator,
    KeyRateLimiter limiter,
    AuditTrail audit,
    ILogger<GrpcSecurityInterceptor> logger) : Interceptor
{
    private static readonly IAccessRequirement Undeclared = new RequireRoleAttribute(Role.Admin);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var caller = await AuthorizeAsync(request, context);
        if (caller is null || context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>() is not { } audited)
        {
            return await continuation(request, context);
        }

        var target = GrpcModelName.Of(request);
        try
        {
            var response = await continuation(request, context);
            await RecordAsync(context, caller, audited.Action, target, AuditOutcome.Success, nameof(StatusCode.OK));
            return response;
        }
        catch (Exception exception)
        {
            var status = exception switch
            {
                RpcException rpc => rpc.StatusCode,
                MaasException maas => ErrorMapping.ToGrpcStatus(maas.Code),
                OperationCanceledException => StatusCode.Cancelled,
                _ => StatusCode.Internal,
            };
            await RecordAsync(context, caller, audited.Action, target, AuditOutcome.Failure, status.ToString());
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(request, context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(null, context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthorizeAsync(null, context);
        await continuation(requestStream, responseStream, context);
    }

    /// <summary>The caller, or <c>null</c> for a method that needs no key; throws the refusal otherwise.</summary>
    private async Task<MaasCaller?> AuthorizeAsync(object? request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var endpoint = http.GetEndpoint();
        var requirement = endpoint?.Metadata.GetMetadata<IAccessRequirement>() ?? Undeclared;
        if (requirement.MinimumRole is not { } role)
        {
            return null;
        }

        var result = await authenticator.AuthenticateAsync(http.Request.Headers, VerifiedKeyMemo.For(http), context.CancellationToken);
        var remote = http.Connection.RemoteIpAddress?.ToString();
        if (result.Caller is not { } caller)
        {
            audit.Enqueue(audit.Entry(result.KeyId, AuditActions.AuthenticationFailure, context.Method, AuditOutcome.Failure, remote, result.Reason));
            LogAuthenticationFailed(logger, result.KeyId ?? "-", result.Reason!, context.Method);
            throw new RpcException(new Status(StatusCode.Unauthenticated, result.Message!));
        }

        if (!limiter.TryAcquire(caller.KeyId, out var retryAfter))
        {
            var seconds = SecurityErrors.RetryAfterSeconds(retryAfter);
            throw new RpcException(
                new Status(StatusCode.ResourceExhausted, $"This API key is over its request rate; retry after {seconds} s."),
                new Metadata
                {
                    { "retry-after", seconds.ToString(CultureInfo.InvariantCulture) },
                    { "grpc-retry-pushback-ms", ((long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) },
                });
        }

        if (!caller.HasRole(role))
        {
            var denial = SecurityErrors.RoleDenial(role, caller.Role);
            audit.Enqueue(audit.Entry(caller.KeyId, AuditActions.PermissionDenied, context.Method, AuditOutcome.Failure, remote, denial));
            throw new RpcException(new Status(StatusCode.PermissionDenied, denial));
        }

        if (endpoint?.Metadata.GetMetadata<ModelScopeAttribute>() is not null
            && GrpcModelName.Of(request) is { } name
            && ResourceName.IsValid(name)
            && !caller.CanAccess(name))
        {
            throw new RpcException(new Status(StatusCode.NotFound, MaasErrors.InferenceModelNotFound(name).Message));
        }

        http.Features.Set(caller);
        return caller;
    }

    private async Task RecordAsync(ServerCallContext context, MaasCaller caller, string action, string? target, AuditOutcome outcome, string detail)
    {
        var entry = audit.Entry(caller.KeyId, action, target, outcome, context.GetHttpContext().Connection.RemoteIpAddress?.ToString(), detail);
        if (!await audit.RecordAsync(entry) && outcome == AuditOutcome.Success)
        {
            LogUnauditedMutation(logger, action, target ?? "-", caller.KeyId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gRPC authentication failed for key {KeyId} calling {Method}: {Reason}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string keyId, string reason, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Action} of {Target} by key {KeyId} succeeded but could not be written to the audit log")]
    private static partial void LogUnauditedMutation(ILogger logger, string action, string target, string keyId);
}
