using System.Globalization;
using Maas.Core;
using Maas.Server.Hosting.Errors;
using Maas.Server.Inference;

namespace Maas.Server.Security;

/// <summary>
/// The refusals of the security layer, in the shape of the path they answer: <c>{"error"}</c> under <c>/v2</c>, problem
/// details elsewhere. Written here rather than thrown, because 401 and 429 carry headers (<c>WWW-Authenticate</c>,
/// <c>Retry-After</c>) that the error middleware would clear.
/// </summary>
internal static class SecurityErrors
{
    public static Task UnauthenticatedAsync(HttpContext context, string message) =>
        WriteAsync(context, ErrorCode.Unauthenticated, message, headers => headers.WWWAuthenticate = "Bearer realm=\"maas\"");

    public static Task RateLimitedAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = RetryAfterSeconds(retryAfter);
        return WriteAsync(
            context,
            ErrorCode.RateLimited,
            $"This API key is over its request rate; retry after {seconds} s.",
            headers => headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture));
    }

    public static Task PermissionDeniedAsync(HttpContext context, string message) => WriteAsync(context, ErrorCode.PermissionDenied, message, null);

    /// <summary>The endpoint's own answer for a model that does not exist: a model outside the key's scopes is hidden.</summary>
    public static Task ModelHiddenAsync(HttpContext context, string name) =>
        WriteAsync(context, ErrorCode.NotFound, HiddenModelMessage(context.Request.Path, name), null);

    /// <summary>The sentence each API gives for an unknown model, so a hidden one reads exactly the same.</summary>
    public static string HiddenModelMessage(PathString path, string name) =>
        InferenceErrors.IsInferencePath(path) ? MaasErrors.InferenceModelNotFound(name).Message : MaasErrors.ModelNotFound(name).Message;

    /// <summary>The sentence for a key whose role is below the one an endpoint needs.</summary>
    public static string RoleDenial(Core.Security.Role required, Core.Security.Role actual) =>
        $"This needs {WithArticle(required)} key{(required == Core.Security.Role.Admin ? string.Empty : " or above")}; this key is {WithArticle(actual)} key.";

    /// <summary>Whole seconds, rounded up and at least 1, as <c>Retry-After</c> needs.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    private static string WithArticle(Core.Security.Role role)
    {
        var name = role.ToString().ToLowerInvariant();
        return (name[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + name;
    }

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
