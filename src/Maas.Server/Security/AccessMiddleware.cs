using Grpc.AspNetCore.Server;

namespace Maas.Server.Security;

/// <summary>
/// The HTTP adapter of <see cref="AccessPolicy"/>: every request, REST or gRPC, is decided on its headers before the
/// endpoint reads a byte of its body, and a refusal is answered in the request's protocol. A REST request then gets
/// the rest of its endpoint's rules here (the model named in the route must be in the key's scopes; a mutation is
/// audited with its outcome); a gRPC call gets them from <see cref="GrpcAccessInterceptor"/>, which sees the message.
/// </summary>
internal sealed class AccessMiddleware(RequestDelegate next, AccessPolicy policy)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var decision = await policy.DecideAsync(context);
        if (decision.Refusal is { } refusal)
        {
            await SecurityErrors.WriteAsync(context, refusal);
            return;
        }

        var endpoint = context.GetEndpoint();
        if (decision.Caller is not { } caller)
        {
            await next(context);
            return;
        }

        context.Features.Set(caller);
        if (endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
        {
            await next(context);
            return;
        }

        if (endpoint?.Metadata.GetMetadata<ModelScopeAttribute>() is { RouteValue: { } routeValue }
            && context.Request.RouteValues[routeValue] is string name
            && AccessPolicy.HidesModel(caller, name))
        {
            await SecurityErrors.ModelHiddenAsync(context, name);
            return;
        }

        var outcome = endpoint?.Metadata.GetMetadata<AuditedAttribute>() is { } audited ? RecordOutcome(context, caller, audited.Action) : null;
        if (outcome is not null && IsJson(context.Request.ContentType))
        {
            // A key pasted into a JSON field (a description) is flagged as leaked in the mutation's entry.
            context.Request.Body = new LeakScanningStream(context.Request.Body, RequestLeaks.Of(context));
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

    private Task RecordAsync(HttpContext context, MaasCaller caller, string action, AuditedRequest request, bool aborted)
    {
        var status = context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var succeeded = context.Response.StatusCode < 400 && !request.Threw;
        return policy.RecordAsync(
            caller, action, Target(context, caller), succeeded, AccessPolicy.RemoteAddress(context), aborted ? status + ", client disconnected" : status, RequestLeaks.Of(context).Ids);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

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

    /// <summary>What the audit of one mutation needs to know across its callbacks.</summary>
    private sealed class AuditedRequest
    {
        private int _recorded;

        /// <summary>Whether the handler (or a later middleware) threw: then nothing was changed, whatever the status says.</summary>
        public bool Threw { get; set; }

        /// <summary>The first caller records the entry; the other callback then does nothing.</summary>
        public bool TryClaim() => Interlocked.Exchange(ref _recorded, 1) == 0;
    }
}
