using System.Globalization;
using Grpc.Core;

namespace Maas.Server.Security;

/// <summary>
/// How the access middleware tells and answers gRPC calls: a refusal is written as a gRPC status, so a gRPC client reads
/// UNAUTHENTICATED rather than an HTTP error; and calls to methods the server does not have, which Grpc.AspNetCore
/// answers from catch-all endpoints, follow the unknown-route rule (any valid key may hear UNIMPLEMENTED).
/// </summary>
internal static class GrpcRequests
{
    private const string UnimplementedConstraint = "grpcunimplemented";

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Whether <paramref name="endpoint"/> is one of Grpc.AspNetCore's catch-alls for unknown methods.</summary>
    public static bool IsUnimplementedCatchAll(Endpoint endpoint) =>
        endpoint is RouteEndpoint route
        && route.RoutePattern.ParameterPolicies.Values.Any(policies => policies.Any(p => p.Content == UnimplementedConstraint));

    /// <summary>Answers with no messages and the status in the headers (a trailers-only response).</summary>
    /// <param name="context">The call to answer.</param>
    /// <param name="status">The gRPC status.</param>
    /// <param name="message">The status message.</param>
    /// <param name="trailers">Adds more trailers, such as <c>retry-after</c>.</param>
    public static Task WriteStatusAsync(HttpContext context, StatusCode status, string message, Action<IHeaderDictionary>? trailers = null)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        trailers?.Invoke(response.Headers);
        return Task.CompletedTask;
    }
}
