using Microsoft.AspNetCore.Diagnostics;

namespace Maas.Server.Hosting.Errors;

/// <summary>
/// Bodies for the statuses the framework sets without an exception (no route matched, wrong method): the inference
/// protocol's <c>{"error"}</c> under <c>/v2</c>, problem details elsewhere.
/// </summary>
internal static class StatusCodePages
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (InferenceErrors.IsInferencePath(http.Request.Path))
        {
            // Triton's bodies for the same cases.
            var status = http.Response.StatusCode;
            var message = status switch
            {
                StatusCodes.Status404NotFound => "Not Found",
                StatusCodes.Status405MethodNotAllowed => "Method Not Allowed",
                _ => "Bad Request",
            };
            return InferenceErrors.WriteAsync(http.Response, status, message);
        }

        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = http.Response.StatusCode },
        }).AsTask();
    }
}
