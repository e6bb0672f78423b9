using Grpc.AspNetCore.Server;
using Maas.Core;
using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>
/// Enforces each REST endpoint's declared access: authenticate the key, apply its rate, check its role, hide models
/// outside its scopes, and write mutations to the audit log. gRPC methods are left to
/// <see cref="GrpcSecurityInterceptor"/>, which can read the model name from the message.
/// </summary>
internal sealed partial class SecurityMiddleware(
    RequestDelegate next,
    KeyAuthenticator authenticator,
    KeyRateLimiter limiter,
    AuditTrail audit,
    ILogger<SecurityMiddleware> logger)
{
    // No endpoint matched (a 404 is coming): any valid key may hear that, an anonymous caller may not.
    private static readonly IAccessRequirement UnknownRoute = new RequireRoleAttribute(Role.Consumer);

    // An endpoint nobody declared is admin-only until someone does.
    private static readonly IAccessRequirement Undeclared = new RequireRoleAttribute(Role.Admin);

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
        {
            await next(context);
            return;
        }

        var requirement = endpoint is null ? UnknownRoute
            : endpoint.Metadata.GetMetadata<IAccessRequirement>() ?? (GrpcRequests.IsUnimplementedCatchAll(endpoint) ? UnknownRoute : Undeclared);
        if (requirement.MinimumRole is not { } role)
        {
            await next(context);
            return;
        }

        var result = KeyAuthenticator.CheckQuery(context.Request.Query)
            ?? await authenticator.AuthenticateAsync(context.Request.Headers, VerifiedKeyMemo.For(context), context.RequestAborted);
        if (result.Caller is not { } caller)
        {
            var remote = RemoteAddress(context);
            audit.Enqueue(audit.Entry(result.KeyId, AuditActions.AuthenticationFailure, RequestLine(context), AuditOutcome.Failure, remote, result.Reason));
            LogAuthenticationFailed(logger, result.KeyId ?? "-", result.Reason!, remote ?? "-");
            await (GrpcRequests.IsGrpc(context.Request)
                ? GrpcRequests.WriteStatusAsync(context, Grpc.Core.StatusCode.Unauthenticated, result.Message!)
                : SecurityErrors.UnauthenticatedAsync(context, result.Message!));
            return;
        }

        if (!limiter.TryAcquire(caller.KeyId, out var retryAfter))
        {
            LogRateLimited(logger, caller.KeyId);
            await (GrpcRequests.IsGrpc(context.Request)
                ? GrpcRequests.WriteStatusAsync(context, Grpc.Core.StatusCode.ResourceExhausted, "This API key is over its request rate.")
                : SecurityErrors.RateLimitedAsync(context, retryAfter));
            return;
        }

        if (Denial(caller, role, endpoint) is { } denial)
        {
            audit.Enqueue(audit.Entry(caller.KeyId, AuditActions.PermissionDenied, RequestLine(context), AuditOutcome.Failure, RemoteAddress(context), denial));
            LogPermissionDenied(logger, caller.KeyId, denial);
            await (GrpcRequests.IsGrpc(context.Request)
                ? GrpcRequests.WriteStatusAsync(context, Grpc.Core.StatusCode.PermissionDenied, denial)
                : SecurityErrors.PermissionDeniedAsync(context, denial));
            return;
        }

        context.Features.Set(caller);
        var outcome = endpoint?.Metadata.GetMetadata<AuditedAttribute>() is { } audited ? RecordOutcome(context, caller, audited.Action) : null;

        if (endpoint?.Metadata.GetMetadata<ModelScopeAttribute>() is { RouteValue: { } routeValue }
            && context.Request.RouteValues[routeValue] is string name
            && ResourceName.IsValid(name)
            && !caller.CanAccess(name))
        {
            // A name that breaks the naming rule is left to the handler: its 400 is the same for every key.
            await SecurityErrors.ModelHiddenAsync(context, name);
            return;
        }

        try
        {
            await next(context);
        }
        catch when (outcome is not null)
        {
            outcome.Threw = true;
            throw;
        }
    }

    private static string? Denial(MaasCaller caller, Role role, Endpoint? endpoint)
    {
        if (!caller.HasRole(role))
        {
            return SecurityErrors.RoleDenial(role, caller.Role);
        }

        return endpoint?.Metadata.GetMetadata<AllModelsAttribute>() is not null && !caller.IsUnscoped
            ? "This covers every model, so it needs a key whose scopes include '*'; this key is limited to some models."
            : null;
    }

    /// <summary>
    /// Records the mutation's outcome when the response starts, so the entry is durable before the client reads the
    /// answer; a request whose response never starts (the client went away) is recorded when it completes, as a
    /// success if its handler finished (the change was made) and a failure if it threw.
    /// </summary>
    private AuditedRequest RecordOutcome(HttpContext context, MaasCaller caller, string action)
    {
        var request = new AuditedRequest();
        context.Response.OnStarting(() => request.TryClaim() ? RecordAsync(context, caller, action, request, aborted: false) : Task.CompletedTask);
        context.Response.OnCompleted(() => request.TryClaim() ? RecordAsync(context, caller, action, request, aborted: context.RequestAborted.IsCancellationRequested) : Task.CompletedTask);
        return request;
    }

    private async Task RecordAsync(HttpContext context, MaasCaller caller, string action, AuditedRequest request, bool aborted)
    {
        var status = context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var succeeded = context.Response.StatusCode < 400 && !request.Threw;
        var entry = audit.Entry(
            caller.KeyId, action, Target(context, caller), succeeded ? AuditOutcome.Success : AuditOutcome.Failure, RemoteAddress(context),
            aborted ? status + ", client disconnected" : status);
        if (!await audit.RecordAsync(entry) && succeeded)
        {
            LogUnauditedMutation(logger, action, entry.Target ?? "-", caller.KeyId);
        }
    }

    private static string? Target(HttpContext context, MaasCaller caller)
    {
        if (caller.AuditTarget is { } target)
        {
            return target;
        }

        var values = context.Request.RouteValues;
        if (values["name"] is not string name)
        {
            return values["id"] as string;
        }

        return values["version"] is string version ? $"{name}/{version}"
            : values["alias"] is string alias ? $"{name}:{alias}"
            : name;
    }

    private static string RequestLine(HttpContext context) => $"{context.Request.Method} {context.Request.Path}";

    private static string? RemoteAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    /// <summary>What the audit of one mutation needs to know across its callbacks.</summary>
    private sealed class AuditedRequest
    {
        private int _recorded;

        /// <summary>Whether the handler (or a later middleware) threw: then nothing was changed, whatever the status says.</summary>
        public bool Threw { get; set; }

        /// <summary>The first caller records the entry; the other callback then does nothing.</summary>
        public bool TryClaim() => Interlocked.Exchange(ref _recorded, 1) == 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Authentication failed for key {KeyId} from {RemoteAddress}: {Reason}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string keyId, string reason, string remoteAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Key {KeyId} was refused: {Reason}")]
    private static partial void LogPermissionDenied(ILogger logger, string keyId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Key {KeyId} is over its request rate")]
    private static partial void LogRateLimited(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Action} of {Target} by key {KeyId} succeeded but could not be written to the audit log")]
    private static partial void LogUnauditedMutation(ILogger logger, string action, string target, string keyId);
}
