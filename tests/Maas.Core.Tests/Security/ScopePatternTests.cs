using Maas.Core.Security;

namespace Maas.Core.Tests.Security;

public sealed class ScopePatternTests
{
    [Theory]
    [InlineData("*", "fraud", true)]
    [InlineData("*", "a", true)]
    [InlineData("fraud-*", "fraud-eu", true)]
    [InlineData("fraud-*", "fraud-", true)]
    [InlineData("fraud-*", "fraud", false)]
    [InlineData("fraud-*", "xfraud-eu", false)]
    [InlineData("fraud", "fraud", true)]
    [InlineData("fraud", "fraud-eu", false)]
    [InlineData("fraud", "frau", false)]
    [InlineData("*-eu", "fraud-eu", true)]
    [InlineData("*-eu", "fraud-us", false)]
    [InlineData("f*d-*-v?", "fraud-eu-v2", true)]
    [InlineData("f*d-*-v?", "fraud-eu-v22", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbYcZ", false)]
    [InlineData("a**", "a", true)]
    [InlineData("?", "a", true)]
    [InlineData("?", "ab", false)]
    [InlineData("fraud.v1", "fraudxv1", false)]
    public void Matches_FollowsGlobRules(string pattern, string name, bool expected) =>
        Assert.Equal(expected, ScopePattern.Matches(pattern, name));

    [Fact]
    public void Matches_HostilePattern_StaysFast()
    {
        var pattern = string.Concat(Enumerable.Repeat("a*", 32));
        var name = new string('a', 63) + "b";

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            Assert.False(ScopePattern.Matches(pattern + "c", name));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"1000 worst-case matches took {watch.Elapsed}.");
    }

    [Theory]
    [InlineData("fraud-*", true)]
    [InlineData("*", true)]
    [InlineData("a?c", true)]
    [InlineData("", false)]
    [InlineData("Fraud-*", false)]
    [InlineData("fraud/*", false)]
    [InlineData("fraud-[ab]", false)]
    [InlineData("fraud *", false)]
    public void IsValid_AcceptsNameCharactersAndWildcardsOnly(string pattern, bool expected) =>
        Assert.Equal(expected, ScopePattern.IsValid(pattern));

    [Fact]
    public void Validate_TooLong_NamesTheRule()
    {
        var error = Assert.Throws<MaasException>(() => ScopePattern.Validate(new string('a', 65)));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'fraud-*'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchesAny_NeedsOneMatch() =>
        Assert.True(ScopePattern.MatchesAny(["risk-*", "fraud-*"], "fraud-eu"));
}
