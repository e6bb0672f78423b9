using System.Globalization;
using Maas.Core;
using Maas.Server.Hosting.Errors;

namespace Maas.Server.Security;

/// <summary>
/// Writes the access policy's answers in the protocol of the request they refuse: problem details under
/// <c>/api</c>, <c>{"error"}</c> under <c>/v2</c>, a gRPC status for gRPC calls, the status each time from
/// <see cref="ErrorMapping"/>. Written here rather than thrown, because 401 and 429 carry headers
/// (<c>WWW-Authenticate</c>, <c>Retry-After</c>) that the error middleware would clear, and because a refused gRPC call
/// is answered before Grpc.AspNetCore has read its message.
/// </summary>
internal static class SecurityErrors
{
    /// <summary>Answers <paramref name="context"/>'s request with <paramref name="refusal"/>.</summary>
    public static Task WriteAsync(HttpContext context, AccessRefusal refusal)
    {
        var seconds = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (GrpcRequests.IsGrpc(context.Request))
        {
            // A trailers-only answer: these headers are the call's trailers.
            return GrpcRequests.WriteStatusAsync(context, ErrorMapping.ToGrpcStatus(refusal.Code), refusal.Message, headers =>
            {
                if (refusal.RetryAfter is { } retryAfter)
                {
                    headers["retry-after"] = seconds;
                    headers["grpc-retry-pushback-ms"] = ((long)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
                }
            });
        }

        return WriteAsync(context, refusal.Code, refusal.Message, headers =>
        {
            if (refusal.Code == ErrorCode.Unauthenticated)
            {
                headers.WWWAuthenticate = "Bearer realm=\"maas\"";
            }

            if (refusal.RetryAfter is not null)
            {
                headers.RetryAfter = seconds;
            }
        });
    }

    /// <summary>The endpoint's own answer for a model that does not exist: a model outside the key's scopes is hidden.</summary>
    public static Task ModelHiddenAsync(HttpContext context, string name) =>
        WriteAsync(context, ErrorCode.NotFound, HiddenModelMessage(context.Request.Path, name), null);

    /// <summary>The sentence each API gives for an unknown model, so a hidden one reads exactly the same.</summary>
    public static string HiddenModelMessage(PathString path, string name) =>
        InferenceErrors.IsInferencePath(path) ? MaasErrors.InferenceModelNotFound(name).Message : MaasErrors.ModelNotFound(name).Message;

    private static async Task WriteAsync(HttpContext context, ErrorCode code, string message, Action<IHeaderDictionary>? headers)
    {
        context.Response.Clear();
        headers?.Invoke(context.Response.Headers);
        if (InferenceErrors.IsInferencePath(context.Request.Path))
        {
            await InferenceErrors.WriteAsync(context.Response, code, message);
        }
        else
        {
            await Problems.Create(code, message).ExecuteAsync(context);
        }
    }
}
