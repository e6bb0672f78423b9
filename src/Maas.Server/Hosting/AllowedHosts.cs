using System.Net;

namespace Maas.Server.Hosting;

/// <summary>
/// The host names the server answers to (<c>--allowed-hosts</c>), its guard against DNS rebinding: a page on
/// <c>evil.example</c> that re-points its name at the server's address reaches the server with
/// <c>Host: evil.example</c>. <c>localhost</c> and IP literals are always answered, since a rebinding needs a name;
/// other names only when listed, exactly or as <c>*.suffix</c> (any subdomain); <c>*</c> answers every name.
/// </summary>
internal sealed class AllowedHosts
{
    private readonly bool _any;
    private readonly string[] _names;
    private readonly string[] _suffixes;

    private AllowedHosts(bool any, string[] names, string[] suffixes)
    {
        _any = any;
        _names = names;
        _suffixes = suffixes;
    }

    /// <summary>The sentence for a malformed list.</summary>
    public const string Rule =
        "AllowedHosts must be a comma-separated list of host names without ports (maas.example.com), wildcards for subdomains (*.example.com), or * for any name";

    /// <summary>
    /// Parses a comma-separated list; empty or <c>null</c> allows <c>localhost</c> and IP literals only. Returns
    /// <c>null</c> when an entry is not a host name, a <c>*.suffix</c> or <c>*</c>.
    /// </summary>
    public static AllowedHosts? TryParse(string? value)
    {
        var entries = (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var (names, suffixes, any) = (new List<string>(), new List<string>(), false);
        foreach (var entry in entries)
        {
            if (entry == "*")
            {
                any = true;
            }
            else if (entry.StartsWith("*.", StringComparison.Ordinal) && IsHostName(entry[2..]))
            {
                suffixes.Add(entry[1..].ToLowerInvariant());
            }
            else if (IsHostName(entry))
            {
                names.Add(entry.TrimEnd('.').ToLowerInvariant());
            }
            else
            {
                return null;
            }
        }

        return new AllowedHosts(any, [.. names], [.. suffixes]);
    }

    /// <summary>Parses a list the options validator has accepted.</summary>
    public static AllowedHosts Parse(string? value) => TryParse(value) ?? throw new ArgumentException(Rule, nameof(value));

    /// <summary>Whether a request with this <c>Host</c> (or HTTP/2 <c>:authority</c>) is answered.</summary>
    public bool Allows(HostString host)
    {
        if (_any || !host.HasValue)
        {
            // No name, no rebinding: only HTTP/1.0 and some HTTP/2 clients omit it, browsers never do.
            return true;
        }

        var name = host.Host.TrimEnd('.');
        if (name.StartsWith('[') || IPAddress.TryParse(name, out _) || name.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel has already refused a malformed bracketed (IPv6) host; what remains is an address.
            return true;
        }

        foreach (var listed in _names)
        {
            if (name.Equals(listed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var suffix in _suffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Letters, digits, hyphens and dots, in labels of 1 to 63 characters; a trailing dot (the root) is allowed.
    private static bool IsHostName(string value)
    {
        var labels = value.TrimEnd('.').Split('.');
        return value.Length is > 0 and <= 253 && labels.All(label =>
            label.Length is > 0 and <= 63
            && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
