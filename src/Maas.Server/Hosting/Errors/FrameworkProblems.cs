using Maas.Core;
using Microsoft.AspNetCore.Http;

namespace Maas.Server.Hosting.Errors;

/// <summary>
/// Gives the problems ASP.NET Core writes by itself (an unknown route, a wrong method) the same shape as ours: a
/// sentence in <c>detail</c> and a <c>code</c>.
/// </summary>
internal static class FrameworkProblems
{
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => $"There is nothing at {context.HttpContext.Request.Path}; see /openapi/v1.json for the API.",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.",
            _ => "The request could not be handled.",
        };
        if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Extensions["code"] = (problem.Status switch
            {
                StatusCodes.Status404NotFound => ErrorCode.NotFound,
                StatusCodes.Status405MethodNotAllowed or StatusCodes.Status400BadRequest => ErrorCode.InvalidArgument,
                StatusCodes.Status413PayloadTooLarge => ErrorCode.PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType => ErrorCode.UnsupportedMediaType,
                _ => ErrorCode.Internal,
            }).ToString();
        }
    }
}
