using System.Net;
using System.Text.Json;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Assertions shared by the hostile-input tests: a refusal is a 4xx whose body says what is wrong, in the protocol's
/// shape (<c>{"error"}</c> under <c>/v2</c>, problem details elsewhere), and gives nothing away about the server.
/// </summary>
internal static class Rejections
{
    // What a leaked stack trace, exception or server path would contain.
    private static readonly string[] Leaks = ["/tmp", "/work", "/root", "/home", " at Maas.", "   at ", "Exception", "onnxruntime_src", ".cs:line"];

    /// <summary>Asserts a 4xx (exactly <paramref name="status"/> when given) whose message mentions each of <paramref name="mentions"/>; returns the message.</summary>
    public static async Task<string> AssertAsync(HttpResponseMessage response, int? status = null, params string[] mentions)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var code = (int)response.StatusCode;
            Assert.True(status is null ? code is >= 400 and < 500 : code == status, $"Expected {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "a 4xx"}, got {code}: {body}");
            var message = MessageOf(body);
            Assert.False(string.IsNullOrWhiteSpace(message), $"The {code} answer says nothing about what is wrong: '{body}'");
            foreach (var mention in mentions)
            {
                Assert.True(message.Contains(mention, StringComparison.OrdinalIgnoreCase), $"The message should mention '{mention}': {message}");
            }

            AssertNoLeaks(body);
            return message;
        }
    }

    /// <summary>Asserts that a response body holds no stack trace, exception name or server path.</summary>
    public static void AssertNoLeaks(string body, params string[] serverPaths)
    {
        foreach (var leak in Leaks.Concat(serverPaths))
        {
            Assert.False(body.Contains(leak, StringComparison.Ordinal), $"The body gives away '{leak}': {body}");
        }
    }

    /// <summary>The human sentence of an error body: <c>error</c> (inference protocol) or <c>detail</c> (problem details).</summary>
    public static string MessageOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind != JsonValueKind.Object ? string.Empty
                : root.TryGetProperty("error", out var error) ? error.GetString() ?? string.Empty
                : root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    public static bool IsClientError(HttpStatusCode status) => (int)status is >= 400 and < 500;
}
