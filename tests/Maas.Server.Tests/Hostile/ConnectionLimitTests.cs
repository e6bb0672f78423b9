using System.Net;
using System.Net.Sockets;
using Maas.Server.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Maas.Server.Tests.Hostile;

/// <summary>A server that takes at most four connections at once (<c>--max-connections 4</c>).</summary>
public sealed class FewConnectionsFixture : ServerFixture
{
    public const int MaxConnections = 4;

    public FewConnectionsFixture() => Settings["Maas:Limits:MaxConnections"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Connections are capped overall: past <c>--max-connections</c> a new one is closed unanswered, and once one closes
/// the server takes the next. The HTTP/2 limits reach Kestrel as configured.
/// </summary>
public sealed class ConnectionLimitTests(FewConnectionsFixture server) : IClassFixture<FewConnectionsFixture>
{
    [Fact]
    public async Task Connection_PastTheLimit_IsClosedUnansweredUntilOneCloses()
    {
        var held = new List<TcpClient>();
        try
        {
            // Idle connections that never send a byte: what a slowloris opens.
            for (var i = 0; i < FewConnectionsFixture.MaxConnections; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, server.Server.HttpAddress.Port);
                held.Add(client);
            }

            await Poll.UntilAsync(async () => await ProbeAsync() == 0, "a connection past the limit to be closed unanswered");

            held[0].Dispose();
            held.RemoveAt(0);
            await Poll.UntilAsync(async () => await ProbeAsync() == 200, "the server to take a connection once one closed");
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void KestrelLimits_AreTheConfiguredOnes()
    {
        var kestrel = server.Server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        var limits = server.Server.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;

        Assert.Equal(FewConnectionsFixture.MaxConnections, kestrel.MaxConcurrentConnections);
        Assert.Equal(0, kestrel.MaxConcurrentUpgradedConnections);
        Assert.Equal(limits.MaxStreamsPerConnection, kestrel.Http2.MaxStreamsPerConnection);
        Assert.Equal(limits.Http2ConnectionWindowBytes, kestrel.Http2.InitialConnectionWindowSize);
        Assert.Equal(limits.Http2StreamWindowBytes, kestrel.Http2.InitialStreamWindowSize);
    }

    // A request on a fresh connection: its status, or 0 when the server closed or reset the connection unanswered.
    private async Task<int> ProbeAsync()
    {
        try
        {
            return (await RawHttp.SendAsync(server.Server.HttpAddress, "GET", "/v2/health/live", null)).Status;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            return 0;
        }
    }
}
