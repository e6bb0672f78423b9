using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Maas.Server.Tests.Hostile;

/// <summary>
/// Sends one HTTP/1.1 request byte for byte over a socket. <see cref="HttpClient"/> normalises targets (it collapses
/// <c>..</c> and unescapes <c>%2e</c>), so hostile paths must bypass it to reach the server as an attacker sends them.
/// </summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="target"/> unchanged and returns the status and the (de-chunked) body; status 0 when the server closed without answering.</summary>
    public static async Task<(int Status, string Body)> SendAsync(Uri server, string method, string target, string? apiKey, string? json = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n")
            .Append(apiKey is null ? string.Empty : $"Authorization: Bearer {apiKey}\r\n")
            .Append(json is null ? string.Empty : "Content-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        using var reader = new MemoryStream();
        try
        {
            await stream.CopyToAsync(reader).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (IOException)
        {
            // A reset after the answer still leaves the answer in the buffer.
        }

        return Parse(reader.ToArray());
    }

    private static (int Status, string Body) Parse(byte[] response)
    {
        var split = response.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.Latin1.GetString(response, 0, Math.Max(0, split));
        if (!head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || split < 0)
        {
            return (0, Encoding.UTF8.GetString(response));
        }

        var status = int.Parse(head.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var body = response.AsSpan(split + 4);
        return (status, Encoding.UTF8.GetString(head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body));
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> body)
    {
        var result = new List<byte>();
        while (!body.IsEmpty)
        {
            var lineEnd = body.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(body[..lineEnd]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            result.AddRange(body.Slice(lineEnd + 2, size));
            body = body[(lineEnd + 2 + size + 2)..];
        }

        return [.. result];
    }
}
