using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Security;

namespace Maas.Storage.Tests.Contracts;

/// <summary>API keys, as every implementation of <see cref="Core.Security.IKeyStore"/> must keep them.</summary>
public abstract class KeyStoreContract : StoreContract
{
    internal static readonly byte[] Hash = SHA256.HashData("secret"u8);

    [Fact]
    public async Task CreateKey_ThenFind_RoundTripsEveryField()
    {
        var key = Key("k1", Role.Publisher, ["fraud-*", "risk-?"], expires: Start.AddDays(30)) with { Description = "pipeline" };

        await Keys.CreateKeyAsync(key, Hash, None);
        var found = await Keys.FindKeyAsync("k1", None);

        Assert.NotNull(found);
        Assert.Equal(key.Id, found.Info.Id);
        Assert.Equal(key.Role, found.Info.Role);
        Assert.Equal(key.Scopes, found.Info.Scopes);
        Assert.Equal(key.Description, found.Info.Description);
        Assert.Equal(key.Created, found.Info.Created);
        Assert.Equal(key.Expires, found.Info.Expires);
        Assert.Null(found.Info.Revoked);
        Assert.Equal(Hash, found.SecretSha256.ToArray());
        Assert.Null(await Keys.FindKeyAsync("nobody", None));
    }

    [Fact]
    public async Task CreateKey_DuplicateId_IsConflict()
    {
        await Keys.CreateKeyAsync(Key("k1"), Hash, None);

        var error = await Assert.ThrowsAsync<MaasException>(() => Keys.CreateKeyAsync(Key("k1"), Hash, None));

        Assert.Equal(ErrorCode.Conflict, error.Code);
    }

    [Fact]
    public async Task ListKeys_OldestFirst_RevokedIncluded()
    {
        await Keys.CreateKeyAsync(Key("b2", created: Start.AddMinutes(1)), Hash, None);
        await Keys.CreateKeyAsync(Key("a1"), Hash, None);
        await Keys.CreateKeyAsync(Key("admin", Role.Admin), Hash, None);
        await Keys.RevokeKeyAsync("b2", Start.AddMinutes(2), None);

        var keys = await Keys.ListKeysAsync(None);

        Assert.Equal(["a1", "admin", "b2"], keys.Select(k => k.Id));
        Assert.Equal(Start.AddMinutes(2), keys[2].Revoked);
    }

    [Fact]
    public async Task RevokeKey_IsIdempotentAndKeepsTheFirstTime()
    {
        await Keys.CreateKeyAsync(Key("k1"), Hash, None);

        var first = await Keys.RevokeKeyAsync("k1", Start.AddMinutes(1), None);
        var second = await Keys.RevokeKeyAsync("k1", Start.AddMinutes(5), None);

        Assert.Equal(Start.AddMinutes(1), first.Revoked);
        Assert.Equal(Start.AddMinutes(1), second.Revoked);
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<MaasException>(() => Keys.RevokeKeyAsync("nobody", Start, None))).Code);
    }

    [Fact]
    public async Task RevokeKey_LastActiveAdmin_IsConflict()
    {
        await Keys.CreateKeyAsync(Key("admin1", Role.Admin), Hash, None);
        await Keys.CreateKeyAsync(Key("admin2", Role.Admin, expires: Start.AddMinutes(10)), Hash, None);
        await Keys.CreateKeyAsync(Key("consumer"), Hash, None);

        // admin2 has expired by now, so admin1 is the last active admin.
        var error = await Assert.ThrowsAsync<MaasException>(() => Keys.RevokeKeyAsync("admin1", Start.AddHours(1), None));
        var whileBothActive = await Keys.RevokeKeyAsync("admin1", Start.AddMinutes(1), None);
        var lastOne = await Assert.ThrowsAsync<MaasException>(() => Keys.RevokeKeyAsync("admin2", Start.AddMinutes(2), None));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Contains("last active admin key", error.Message, StringComparison.Ordinal);
        Assert.NotNull(whileBothActive.Revoked);
        Assert.Equal(ErrorCode.Conflict, lastOne.Code);
        Assert.NotNull((await Keys.RevokeKeyAsync("consumer", Start, None)).Revoked);
    }

    [Fact]
    public async Task RevokeKey_TwoInstancesRevokingTheLastTwoAdminsAtOnce_RefuseOne()
    {
        // Two replicas each revoke one of the two active admin keys at the same moment. The check and the revocation
        // are one serialised write, so one of them must see the other's revocation and refuse; round after round.
        await using var other = await OpenAnotherAsync();
        await Keys.CreateKeyAsync(Key("admin-0", Role.Admin), Hash, None);
        var survivor = "admin-0";
        for (var round = 1; round <= 10; round++)
        {
            var newcomer = "admin-" + round.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Keys.CreateKeyAsync(Key(newcomer, Role.Admin), Hash, None);

            var refusals = await Task.WhenAll(
                Task.Run(() => RevokeOrRefuseAsync(Keys, survivor)),
                Task.Run(() => RevokeOrRefuseAsync(other.Keys, newcomer)));

            var refused = Assert.Single(refusals, r => r is not null)!;
            Assert.Equal(ErrorCode.Conflict, refused.Code);
            survivor = refusals[0] is null ? newcomer : survivor;
            Assert.Equal([survivor], (await Keys.ListKeysAsync(None)).Where(k => k.Revoked is null).Select(k => k.Id));
        }
    }

    internal static ApiKeyInfo Key(string id, Role role = Role.Consumer, IReadOnlyList<string>? scopes = null, DateTimeOffset? created = null, DateTimeOffset? expires = null) =>
        new(id, role, scopes ?? ["*"], string.Empty, created ?? Start, expires, null);

    private static async Task<MaasException?> RevokeOrRefuseAsync(IKeyStore keys, string id)
    {
        try
        {
            await keys.RevokeKeyAsync(id, Start.AddMinutes(1), None);
            return null;
        }
        catch (MaasException refused)
        {
            return refused;
        }
    }
}
