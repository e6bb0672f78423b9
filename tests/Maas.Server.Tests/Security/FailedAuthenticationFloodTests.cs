using System.Net;
using Maas.Core.Security;

namespace Maas.Server.Tests.Security;

/// <summary>
/// A flood of requests without a valid key costs a bounded handful of audit lines, whatever its size: one per address
/// and reason per interval, whose counts add up to the requests; past its burst an address gets 429 before any key
/// lookup, and those refusals are counted too.
/// </summary>
public sealed class FailedAuthenticationFloodTests(FloodFixture server) : IClassFixture<FloodFixture>
{
    private const int Requests = 2_000;

    [Fact]
    public async Task ThousandsOfKeylessRequests_AddAFewLinesWhoseCountsAddUp()
    {
        server.EndInterval();
        var before = await AuditTests.ReadAuditAsync(server, "action=auth.*&limit=1000");
        var statuses = new Dictionary<HttpStatusCode, int>();
        string? retryAfter = null;
        using (var anonymous = server.CreateClient(null))
        {
            for (var i = 0; i < Requests; i++)
            {
                using var response = await anonymous.GetAsync("/api/v1/models");
                statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    retryAfter ??= response.Headers.GetValues("Retry-After").Single();
                }
            }
        }

        Assert.Equal(100, statuses.GetValueOrDefault(HttpStatusCode.Unauthorized));
        Assert.Equal(Requests - 100, statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests));
        Assert.Equal("1", retryAfter);

        server.EndInterval();
        var lines = await Poll.UntilAsync(
            async () => (await AuditTests.ReadAuditAsync(server, "action=auth.*&limit=1000")).Where(e => before.All(b => b.Id != e.Id)).ToList(),
            added => added.Sum(e => e.Count) >= Requests,
            "the flood's failures are written once its interval ends",
            describe: added => $"{added.Count} lines counting {added.Sum(e => e.Count)}");

        Assert.InRange(lines.Count, 1, 3);
        Assert.Equal(Requests, lines.Sum(e => e.Count));
        var missing = Assert.Single(lines, e => e.Detail == "missing key");
        Assert.Equal((100L, "127.0.0.1", AuditActions.AuthenticationFailure), (missing.Count, missing.RemoteAddress, missing.Action));
        Assert.NotNull(missing.FirstTime);
        Assert.True(missing.FirstTime <= missing.Time);
        Assert.Contains(lines, e => e.Count == Requests - 100 && e.Detail!.Contains("rate", StringComparison.Ordinal));
    }
}
