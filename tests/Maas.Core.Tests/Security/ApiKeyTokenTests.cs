using System.Security.Cryptography;
using System.Text;
using Maas.Core.Security;

namespace Maas.Core.Tests.Security;

public sealed class ApiKeyTokenTests
{
    [Fact]
    public void Generate_Has64BitIdAnd256BitSecret_AndParsesBack()
    {
        var token = ApiKeyToken.Generate();
        var key = token.Reveal();

        Assert.Matches("^maas_[0-9a-f]{16}_[0-9a-f]{64}$", key);
        Assert.True(ApiKeyToken.TryParse(key, out var parsed));
        Assert.Equal(token.Id, parsed.Id);
        Assert.True(parsed.Matches(token.HashSecret()));
        Assert.NotEqual(key, ApiKeyToken.Generate().Reveal());
    }

    [Fact]
    public void HashSecret_IsTheSha256OfTheSecret()
    {
        Assert.True(ApiKeyToken.TryParse("maas_abcd_" + new string('x', 40), out var token));

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(new string('x', 40))), token.HashSecret());
    }

    [Fact]
    public void Matches_OtherSecret_IsFalse()
    {
        Assert.True(ApiKeyToken.TryParse("maas_abcd_" + new string('x', 40), out var token));
        Assert.True(ApiKeyToken.TryParse("maas_abcd_" + new string('x', 39) + "y", out var other));

        Assert.False(token.Matches(other.HashSecret()));
        Assert.False(token.Matches([1, 2, 3]));
    }

    [Fact]
    public void ToString_LeavesTheSecretOut()
    {
        var token = ApiKeyToken.Generate();

        Assert.Equal($"maas_{token.Id}_…", token.ToString());
        Assert.DoesNotContain(token.Reveal()[^64..], $"{token}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("maas_x")]
    [InlineData("maas_")]
    [InlineData("maas_abcd")]
    [InlineData("maas_abcd_short")]
    [InlineData("maas_ab_0123456789abcdef0123456789abcdef")]
    [InlineData("maas_ABCD_0123456789abcdef0123456789abcdef")]
    [InlineData("maas_abcd_0123456789abcdef0123456789abcde!")]
    [InlineData("MAAS_abcd_0123456789abcdef0123456789abcdef")]
    [InlineData("Bearer maas_abcd_0123456789abcdef0123456789abcdef")]
    [InlineData("maas_abcd_0123456789abcdef0123456789abcdef ")]
    public void TryParse_Malformed_IsFalse(string? text) => Assert.False(ApiKeyToken.TryParse(text, out _));

    [Theory]
    [InlineData("maas_abcd_short", "abcd")]
    [InlineData("maas_abcd", "abcd")]
    [InlineData("maas_x", null)]
    [InlineData("garbage", null)]
    public void TryReadId_ReadsTheIdOfAlmostKeys(string text, string? expected) => Assert.Equal(expected, ApiKeyToken.TryReadId(text));

    [Fact]
    public void ApiKeyInfo_IsActive_UntilExpiryOrRevocation()
    {
        var now = new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero);
        var key = new ApiKeyInfo("abcd", Role.Consumer, ["*"], "", now, now.AddHours(1), null);

        Assert.True(key.IsActiveAt(now));
        Assert.False(key.IsActiveAt(now.AddHours(1)));
        Assert.False((key with { Revoked = now }).IsActiveAt(now));
        Assert.True((key with { Expires = null }).IsActiveAt(now.AddYears(10)));
    }

    [Fact]
    public void Role_SerializesAsLowerCaseName_AndRefusesNumbers()
    {
        Assert.Equal("\"publisher\"", System.Text.Json.JsonSerializer.Serialize(Role.Publisher));
        Assert.Equal(Role.Admin, System.Text.Json.JsonSerializer.Deserialize<Role>("\"Admin\""));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<Role>("3"));
    }
}
