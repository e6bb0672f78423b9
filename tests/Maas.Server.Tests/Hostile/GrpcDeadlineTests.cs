using Maas.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Maas.Server.Tests.Hostile;

/// <summary>The request timeout reaches gRPC as its deadline header, unless the client asked for less.</summary>
public sealed class GrpcDeadlineTests
{
    [Theory]
    [InlineData(null, "60000m")]
    [InlineData("120S", "60000m")]
    [InlineData("5S", "5S")]
    [InlineData("59999m", "59999m")]
    [InlineData("1H", "60000m")]
    [InlineData("garbage", "60000m")]
    [InlineData("123456789m", "60000m")]
    public void Cap_ClientDeadline_KeepsTheShorterOne(string? requested, string expected)
    {
        var headers = new HeaderDictionary();
        if (requested is not null)
        {
            headers[GrpcDeadline.Header] = requested;
        }

        GrpcDeadline.Cap(headers, TimeSpan.FromSeconds(60));

        Assert.Equal(expected, headers[GrpcDeadline.Header].ToString());
    }

    [Fact]
    public void Cap_InfiniteTimeout_LeavesTheHeaderAlone()
    {
        var headers = new HeaderDictionary();

        GrpcDeadline.Cap(headers, Timeout.InfiniteTimeSpan);

        Assert.False(headers.ContainsKey(GrpcDeadline.Header));
    }

    [Theory]
    [InlineData("1n", 0.0001)]
    [InlineData("250u", 0.25)]
    [InlineData("2M", 120_000)]
    public void TryParse_EveryUnit_ReadsTheDuration(string value, double milliseconds)
    {
        Assert.True(GrpcDeadline.TryParse(value, out var timeout));
        Assert.Equal(milliseconds, timeout.TotalMilliseconds, 3);
    }
}
