using System.Globalization;
using System.Net;

namespace Maas.Server.Hosting;

/// <summary>A parsed <c>host:port</c> listen address, as given to <c>--http</c> and <c>--grpc</c>.</summary>
internal sealed record ListenAddress(IPAddress Address, int Port)
{
    /// <summary>
    /// Parses <c>127.0.0.1:8000</c>, <c>[::1]:8000</c>, <c>localhost:8000</c> or <c>0.0.0.0:8000</c>. Port 0 asks
    /// the operating system for a free port.
    /// </summary>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ListenAddress? address)
    {
        address = null;
        var separator = value?.LastIndexOf(':') ?? -1;
        if (value is null
            || separator <= 0
            || !int.TryParse(value.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > IPEndPoint.MaxPort)
        {
            return false;
        }

        var host = value[..separator].Trim('[', ']');
        if (host == "localhost")
        {
            address = new ListenAddress(IPAddress.Loopback, port);
        }
        else if (IPAddress.TryParse(host, out var ip))
        {
            address = new ListenAddress(ip, port);
        }

        return address is not null;
    }

    /// <summary>Parses an address the options validator has accepted.</summary>
    public static ListenAddress Parse(string value) =>
        TryParse(value, out var address) ? address : throw new ArgumentException(Describe("address", value), nameof(value));

    /// <summary>The sentence for a malformed address given to <paramref name="setting"/>.</summary>
    public static string Describe(string setting, string? value) =>
        $"{setting} must be an IP address and port such as 127.0.0.1:8000; '{value}' is not.";

    public override string ToString() => new IPEndPoint(Address, Port).ToString();
}
