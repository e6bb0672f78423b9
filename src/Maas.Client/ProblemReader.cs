using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Maas.Client;

/// <summary>Turns a non-success answer into a <see cref="MaasApiException"/>, reading RFC 9457 problem details.</summary>
internal static class ProblemReader
{
    // An error body is a sentence or a small JSON object; a proxy's HTML page or a runaway body is cut short.
    private const int MaxBodyChars = 16 * 1024;

    public static async Task<MaasApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        if (IsJson(response.Content.Headers.ContentType) && TryParse(body, out var code, out var detail))
        {
            return new MaasApiException(status, code, detail ?? Fallback(response), body);
        }

        var text = body.Trim();
        return new MaasApiException(status, null, text.Length > 0 ? text : Fallback(response));
    }

    private static string Fallback(HttpResponseMessage response) =>
        $"The server answered {(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}.";

    private static bool IsJson(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } mediaType
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static bool TryParse(string body, out string? code, out string? detail)
    {
        code = null;
        detail = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            code = GetString(document.RootElement, "code");
            detail = GetString(document.RootElement, "detail") ?? GetString(document.RootElement, "title");
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxBodyChars];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return new string(buffer, 0, total);
    }
}
