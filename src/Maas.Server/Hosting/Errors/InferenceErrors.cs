using System.Text.Json;
using Maas.Core;

namespace Maas.Server.Hosting.Errors;

/// <summary>Error bodies of the Open Inference Protocol: <c>{"error": "&lt;message&gt;"}</c> with the mapped status.</summary>
internal static class InferenceErrors
{
    public static bool IsInferencePath(PathString path) => path.StartsWithSegments("/v2", StringComparison.Ordinal);

    public static Task WriteAsync(HttpResponse response, ErrorCode code, string message) =>
        WriteAsync(response, ErrorMapping.ToHttpStatus(code), message);

    public static async Task WriteAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
    }
}
