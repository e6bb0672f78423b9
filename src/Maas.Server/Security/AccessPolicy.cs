using Maas.Core;
using Maas.Core.Security;

namespace Maas.Server.Security;

/// <summary>
/// The one access decision of the server, for REST and gRPC alike, taken on the request's headers before any body is
/// read: refuse an address that failed to authenticate too often, authenticate the key, apply its rate, check its role against what the endpoint declares (see
/// <see cref="AccessConventions"/>), and audit and log every refusal. What needs more than the headers is here too, for
/// the two adapters to apply: the model-scope rule (the model's name is in the route or, for gRPC, in the message) and
/// the audit of a mutation's outcome.
/// </summary>
/// <remarks>
/// <see cref="AccessMiddleware"/> applies the decision to every HTTP request (REST and gRPC) before the endpoint runs;
/// <see cref="GrpcAccessInterceptor"/> applies the scope rule and the audit to gRPC methods once the message is read.
/// </remarks>
internal sealed partial class AccessPolicy(
    KeyAuthenticator authenticator,
    KeyRateLimiter limiter,
    AddressRateLimiter addresses,
    FailedAuthentications failures,
    AuditTrail audit,
    ILogger<AccessPolicy> logger)
{
    // No endpoint matched (a 404 or UNIMPLEMENTED is coming): any valid key may hear that, an anonymous caller may not.
    private static readonly IAccessRequirement UnknownRoute = new RequireRoleAttribute(Role.Consumer);

    // An endpoint nobody declared is admin-only until someone does.
    private static readonly IAccessRequirement Undeclared = new RequireRoleAttribute(Role.Admin);

    /// <summary>Decides on <paramref name="context"/>'s endpoint metadata, headers, query and connection alone.</summary>
    public async ValueTask<AccessDecision> DecideAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var requirement = endpoint is null ? UnknownRoute
            : endpoint.Metadata.GetMetadata<IAccessRequirement>() ?? (GrpcRequests.IsUnimplementedCatchAll(endpoint) ? UnknownRoute : Undeclared);
        if (requirement.MinimumRole is not { } role)
        {
            return AccessDecision.Anonymous;
        }

        // An address that failed too often is refused before its key costs a lookup and a hash; the refusal is counted
        // with the failures, so a flood stays a few audit lines whichever answer it gets.
        var remote = RemoteAddress(context);
        if (!addresses.MayTry(remote, out var wait))
        {
            failures.Count(remote, FailedAuthentications.OverRate, null, RequestLine(context), RequestLeaks.Of(context).Ids);
            var throttled = new AccessRefusal(ErrorCode.RateLimited, string.Empty, wait);
            return AccessDecision.Refuse(throttled with
            {
                Message = $"Too many requests from this address failed to authenticate; retry after {throttled.RetryAfterSeconds} s with a valid API key.",
            });
        }

        var result = KeyAuthenticator.CheckQuery(context.Request.Query)
            ?? await authenticator.AuthenticateAsync(context.Request.Headers, VerifiedKeyMemo.For(context), context.RequestAborted);
        if (result.Caller is not { } caller)
        {
            addresses.Failed(remote);
            failures.Count(remote, result.Reason!, result.KeyId, RequestLine(context), RequestLeaks.Of(context).Ids);
            LogAuthenticationFailed(logger, result.KeyId ?? "-", result.Reason!, remote ?? "-");
            return AccessDecision.Refuse(new AccessRefusal(ErrorCode.Unauthenticated, result.Message!));
        }

        if (!limiter.TryAcquire(caller.KeyId, out var retryAfter))
        {
            LogRateLimited(logger, caller.KeyId);
            var refusal = new AccessRefusal(ErrorCode.RateLimited, string.Empty, retryAfter);
            return AccessDecision.Refuse(refusal with { Message = $"This API key is over its request rate; retry after {refusal.RetryAfterSeconds} s." });
        }

        if (Denial(caller, role, endpoint) is { } denial)
        {
            audit.Enqueue(audit.Entry(caller.KeyId, AuditActions.PermissionDenied, RequestLine(context), AuditOutcome.Failure, remote, denial, RequestLeaks.Of(context).Ids));
            LogPermissionDenied(logger, caller.KeyId, denial);
            return AccessDecision.Refuse(new AccessRefusal(ErrorCode.PermissionDenied, denial));
        }

        return AccessDecision.Allow(caller);
    }

    /// <summary>
    /// The model-scope rule: whether <paramref name="caller"/> must be told that model <paramref name="name"/> does not
    /// exist. A name that breaks the naming rule is left to the handler, whose 400 is the same for every key.
    /// </summary>
    public static bool HidesModel(MaasCaller caller, string name) => ResourceName.IsValid(name) && !caller.CanAccess(name);

    /// <summary>
    /// Writes a mutation's outcome to the audit log and waits until it is durable; logs the rare success that could not
    /// be recorded. <paramref name="leaked"/> names keys the request carried outside its credential.
    /// </summary>
    public async Task RecordAsync(MaasCaller caller, string action, string? target, bool succeeded, string? remoteAddress, string detail, IEnumerable<string>? leaked = null)
    {
        var entry = audit.Entry(caller.KeyId, action, target, succeeded ? AuditOutcome.Success : AuditOutcome.Failure, remoteAddress, detail, leaked);
        if (!await audit.RecordAsync(entry) && succeeded)
        {
            LogUnauditedMutation(logger, action, target ?? "-", caller.KeyId);
        }
    }

    /// <summary>The sentence for a key whose role is below the one an endpoint needs.</summary>
    public static string RoleDenial(Role required, Role actual) =>
        $"This needs {WithArticle(required)} key{(required == Role.Admin ? string.Empty : " or above")}; this key is {WithArticle(actual)} key.";

    public static string? RemoteAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    private static string? Denial(MaasCaller caller, Role role, Endpoint? endpoint)
    {
        if (!caller.HasRole(role))
        {
            return RoleDenial(role, caller.Role);
        }

        return endpoint?.Metadata.GetMetadata<AllModelsAttribute>() is not null && !caller.IsUnscoped
            ? "This covers every model, so it needs a key whose scopes include '*'; this key is limited to some models."
            : null;
    }

    private static string RequestLine(HttpContext context) => $"{context.Request.Method} {context.Request.Path}";

    private static string WithArticle(Role role)
    {
        var name = role.ToString().ToLowerInvariant();
        return (name[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + name;
    }

    // Debug: a flood would otherwise write a line each; FailedAuthentications logs one line per source and interval.
    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug, Message = "Authentication failed for key {KeyId} from {RemoteAddress}: {Reason}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string keyId, string reason, string remoteAddress);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Key {KeyId} was refused: {Reason}")]
    private static partial void LogPermissionDenied(ILogger logger, string keyId, string reason);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Debug, Message = "Key {KeyId} is over its request rate")]
    private static partial void LogRateLimited(ILogger logger, string keyId);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Error, Message = "The {Action} of {Target} by key {KeyId} succeeded but could not be written to the audit log")]
    private static partial void LogUnauditedMutation(ILogger logger, string action, string target, string keyId);
}
