using System.Text;

namespace Maas.Server.Security;

/// <summary>
/// The ids of the keys one request carried where a key must not be: its path, its query, a header other than the
/// credential, and (for an audited JSON request) its body, which <see cref="LeakScanningStream"/> feeds in as the
/// endpoint reads it. Kept as a request feature.
/// </summary>
internal sealed class RequestLeaks
{
    // A key cut in two by a read is found in the next one: the tail of the text read so far goes in front of it.
    private const int TailLength = KeyRedactor.MaxKeyLength;

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private string _tail = string.Empty;

    /// <summary>The leaked ids of the request's path, query and headers (the credential headers excepted).</summary>
    public static RequestLeaks Of(HttpContext context)
    {
        var leaks = context.Features.Get<RequestLeaks>();
        if (leaks is null)
        {
            leaks = new RequestLeaks();
            context.Features.Set(leaks);
        }

        var request = context.Request;
        lock (leaks._lock)
        {
            KeyRedactor.Scan(request.Path.Value, leaks._ids);
            KeyRedactor.Scan(request.QueryString.Value, leaks._ids);
            foreach (var (name, values) in request.Headers)
            {
                if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, KeyAuthenticator.ApiKeyHeader, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (var value in values)
                {
                    KeyRedactor.Scan(value, leaks._ids);
                }
            }
        }

        return leaks;
    }

    /// <summary>The ids found so far, in order; empty when none.</summary>
    public IReadOnlyList<string> Ids
    {
        get
        {
            lock (_lock)
            {
                return [.. _ids.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Scans the next bytes of the body (keys are ASCII, so any byte-to-char mapping finds them).</summary>
    public void Feed(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        lock (_lock)
        {
            var text = _tail + Encoding.Latin1.GetString(bytes);
            KeyRedactor.Scan(text, _ids);
            _tail = text.Length > TailLength ? text[^TailLength..] : text;
        }
    }
}
