using System.Runtime.Versioning;
using System.Security.Cryptography;
using Maas.Core;

namespace Maas.Storage.Tests;

/// <summary>Where the master key comes from, and what the store refuses to start with.</summary>
public sealed class MasterKeyTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private string MasterKeyPath => _folder.Combine("master.key");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task OpenAsync_FirstStart_GeneratesPrivateKeyFileAndReusesIt()
    {
        byte[] content = "kept across restarts"u8.ToArray();
        string digest;
        using (var store = await TestStores.OpenAsync(_folder))
        {
            digest = (await store.PutAsync(content)).Digest;
        }

        var text = await File.ReadAllTextAsync(MasterKeyPath);
        Assert.Equal(32, Convert.FromBase64String(text.Trim()).Length);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MasterKeyPath));
        }

        using var reopened = await TestStores.OpenAsync(_folder);
        Assert.Equal(text, await File.ReadAllTextAsync(MasterKeyPath));
        Assert.Equal(content, await reopened.ReadAllAsync(digest));
        Assert.Equal(["master.key"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task OpenAsync_KeyFromEnvironment_UsedAndNoFileWritten()
    {
        var key = NewKey();
        string digest;
        using (var store = await TestStores.OpenAsync(_folder, key))
        {
            digest = (await store.PutAsync("env"u8.ToArray())).Digest;
        }

        Assert.False(File.Exists(MasterKeyPath));
        using var same = await TestStores.OpenAsync(_folder, key);
        Assert.Equal("env"u8.ToArray(), await same.ReadAllAsync(digest));
    }

    [Fact]
    public async Task OpenAsync_WrongKeyFromEnvironment_BlobsRefusedAsIntegrityFailures()
    {
        string digest;
        using (var store = await TestStores.OpenAsync(_folder, NewKey()))
        {
            digest = (await store.PutAsync("secret weights"u8.ToArray())).Digest;
        }

        using var wrong = await TestStores.OpenAsync(_folder, NewKey());

        var error = await wrong.ReadFailsAsync(digest);
        Assert.Contains("wrapped under master key", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await wrong.CountUnreadableKeysAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj")]
    public async Task OpenAsync_MalformedKeyFromEnvironment_RefusedWithoutEchoingIt(string key)
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => TestStores.OpenAsync(_folder, key));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("MAAS_MASTER_KEY is not a valid master key: it must be the base64 encoding of exactly 32 random bytes", error.Message, StringComparison.Ordinal);
        if (key.Length > 0)
        {
            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OpenAsync_EnvironmentKeyContradictsKeyFile_Refused()
    {
        using (await TestStores.OpenAsync(_folder))
        {
        }

        var error = await Assert.ThrowsAsync<MaasException>(() => TestStores.OpenAsync(_folder, NewKey()));

        Assert.Contains("holds a different key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_EnvironmentKeyEqualsKeyFile_Accepted()
    {
        using (await TestStores.OpenAsync(_folder))
        {
        }

        using var store = await TestStores.OpenAsync(_folder, (await File.ReadAllTextAsync(MasterKeyPath)).Trim());
        Assert.Empty(store.ListDigests());
    }

    [UnixFact("the store refuses a key file by its Unix mode; Windows has none")]
    [UnsupportedOSPlatform("windows")]
    public async Task OpenAsync_KeyFileReadableByOthers_Refused()
    {
        using (await TestStores.OpenAsync(_folder))
        {
        }

        File.SetUnixFileMode(MasterKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = await Assert.ThrowsAsync<MaasException>(() => TestStores.OpenAsync(_folder));
        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_BlobsButNoKeyFile_RefusedRatherThanGeneratingAUselessKey()
    {
        using (var store = await TestStores.OpenAsync(_folder))
        {
            await store.PutAsync("orphaned by a lost key"u8.ToArray());
        }

        File.Delete(MasterKeyPath);

        var error = await Assert.ThrowsAsync<MaasException>(() => TestStores.OpenAsync(_folder));
        Assert.Contains("no master.key", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(MasterKeyPath));
    }

    [Fact]
    public async Task OpenAsync_CorruptKeyFile_Refused()
    {
        using (await TestStores.OpenAsync(_folder))
        {
        }

        await File.WriteAllTextAsync(MasterKeyPath, "truncated");

        var error = await Assert.ThrowsAsync<MaasException>(() => TestStores.OpenAsync(_folder));
        Assert.StartsWith("master.key in the data folder is not a valid master key", error.Message, StringComparison.Ordinal);
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
