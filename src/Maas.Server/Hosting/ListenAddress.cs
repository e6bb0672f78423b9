using System.Globalization;
using System.Net;
using Maas.Core;

namespace Maas.Server.Hosting;

/// <summary>A parsed <c>host:port</c> listen address, as given to <c>--http</c> and <c>--grpc</c>.</summary>
internal sealed record ListenAddress(IPAddress Address, int Port)
{
    /// <summary>
    /// Parses <c>127.0.0.1:8000</c>, <c>[::1]:8000</c>, <c>localhost:8000</c> or <c>0.0.0.0:8000</c>. Port 0 asks
    /// the operating system for a free port. Throws <see cref="ErrorCode.InvalidArgument"/> naming the option.
    /// </summary>
    public static ListenAddress Parse(string value, string optionName)
    {
        var separator = value.LastIndexOf(':');
        if (separator > 0
            && int.TryParse(value.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port <= IPEndPoint.MaxPort)
        {
            var host = value[..separator].Trim('[', ']');
            if (host == "localhost")
            {
                return new ListenAddress(IPAddress.Loopback, port);
            }

            if (IPAddress.TryParse(host, out var address))
            {
                return new ListenAddress(address, port);
            }
        }

        throw MaasException.Invalid($"{optionName} must be an IP address and port such as 127.0.0.1:8000; '{value}' is not.");
    }

    public override string ToString() => new IPEndPoint(Address, Port).ToString();
}
