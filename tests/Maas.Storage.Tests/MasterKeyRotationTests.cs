using System.Security.Cryptography;
using Maas.Core;

namespace Maas.Storage.Tests;

/// <summary>
/// Rotation rewraps data keys and nothing else, retires the old key, and survives being cut off at any point: a
/// "crash" here is a store closed part-way through a rotation and opened again over the same folder.
/// </summary>
public sealed class MasterKeyRotationTests : EncryptedStoreTestBase
{
    private const int Blobs = 6;

    private string MasterKeyPath => Folder.Combine("master.key");

    private string NextKeyPath => Folder.Combine("master.key.next");

    [Fact]
    public async Task Rotate_FileKey_RewrapsKeysLeavesBlobsAndRetiresOldKey()
    {
        var contents = await PutManyAsync();
        var oldKey = (await File.ReadAllTextAsync(MasterKeyPath)).Trim();
        var blobsBefore = ReadAll("sha256");
        var keysBefore = ReadAll("keys");

        var result = await Store.RotateMasterKeyAsync(null, CancellationToken.None);

        Assert.Equal(Blobs, result.Rewrapped);
        Assert.Equal(0, result.AlreadyCurrent);
        Assert.Equal(0, result.Unreadable);
        Assert.False(result.EnvironmentUpdateRequired);
        Assert.Matches("^[0-9a-f]{16}$", result.MasterKeyId);

        // Ciphertext untouched byte for byte; every key file rewritten; a new master.key, and no next key left.
        Assert.Equal(blobsBefore, ReadAll("sha256"));
        var keysAfter = ReadAll("keys");
        Assert.Equal(keysBefore.Keys, keysAfter.Keys);
        Assert.All(keysBefore, pair => Assert.NotEqual(pair.Value, keysAfter[pair.Key]));
        Assert.NotEqual(oldKey, (await File.ReadAllTextAsync(MasterKeyPath)).Trim());
        Assert.False(File.Exists(NextKeyPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MasterKeyPath));
        }

        await AssertAllReadableAsync(contents);
        await RestartAsync();
        await AssertAllReadableAsync(contents);

        // The old key opens nothing any more.
        File.Move(MasterKeyPath, MasterKeyPath + ".new");
        await RestartAsync(oldKey);
        foreach (var digest in contents.Keys)
        {
            await Store.ReadFailsAsync(digest);
        }
    }

    [Fact]
    public async Task Rotate_WhileUploading_EveryBlobEndsUnderTheNewKey()
    {
        var contents = await PutManyAsync();
        var uploads = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var content = RandomNumberGenerator.GetBytes(3000 + i);
                lock (contents)
                {
                    contents[Core.Storage.BlobDigest.FromHash(SHA256.HashData(content))] = content;
                }

                await Store.PutAsync(content);
            }
        });

        await Store.RotateMasterKeyAsync(null, CancellationToken.None);
        await uploads;

        await AssertAllReadableAsync(contents);
        await RestartAsync();
        await AssertAllReadableAsync(contents);
        Assert.Equal(0, await Store.CountUnreadableKeysAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Blobs / 2)]
    [InlineData(Blobs)]
    public async Task Rotate_InterruptedAfterSomeRewraps_EverythingReadableAndFinishedAtStart(int rewrappedBeforeCrash)
    {
        var contents = await PutManyAsync();
        var oldKey = await File.ReadAllTextAsync(MasterKeyPath);
        await Store.BeginRotationAsync(null, CancellationToken.None);
        foreach (var digest in contents.Keys.Take(rewrappedBeforeCrash))
        {
            Assert.True(await Store.RewrapAsync(digest, CancellationToken.None));
        }

        // The crash: both keys on disk, key files under one or the other.
        var newKey = await File.ReadAllTextAsync(NextKeyPath);
        Assert.Equal(oldKey, await File.ReadAllTextAsync(MasterKeyPath));
        await RestartAsync();
        await AssertAllReadableAsync(contents);

        var finished = await Store.FinishInterruptedRotationAsync(CancellationToken.None);

        Assert.NotNull(finished);
        Assert.Equal(Blobs - rewrappedBeforeCrash, finished.Rewrapped);
        Assert.Equal(rewrappedBeforeCrash, finished.AlreadyCurrent);
        Assert.Equal(newKey, await File.ReadAllTextAsync(MasterKeyPath));
        Assert.False(File.Exists(NextKeyPath));
        Assert.Null(await Store.FinishInterruptedRotationAsync(CancellationToken.None));
        await RestartAsync();
        await AssertAllReadableAsync(contents);
    }

    [Fact]
    public async Task Rotate_EnvironmentKey_NeedsTheNewKeyAndKeepsItUntilTheVariableIsUpdated()
    {
        var oldKey = NewKey();
        File.Delete(MasterKeyPath);
        await RestartAsync(oldKey);
        var contents = await PutManyAsync();

        var missing = await Assert.ThrowsAsync<MaasException>(() => Store.RotateMasterKeyAsync(null, CancellationToken.None));
        Assert.Equal(ErrorCode.InvalidArgument, missing.Code);
        Assert.Contains("newMasterKey", missing.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(NextKeyPath));

        var newKey = NewKey();
        var result = await Store.RotateMasterKeyAsync(newKey, CancellationToken.None);

        Assert.Equal(Blobs, result.Rewrapped);
        Assert.True(result.EnvironmentUpdateRequired);
        Assert.False(File.Exists(MasterKeyPath));
        var pending = await File.ReadAllTextAsync(NextKeyPath);
        Assert.Matches($"^sealed:[0-9a-f]{{16}}:{result.MasterKeyId}:[A-Za-z0-9+/=]+\n$", pending);
        Assert.DoesNotContain(newKey, pending, StringComparison.Ordinal);
        await AssertAllReadableAsync(contents);
        var again = await Assert.ThrowsAsync<MaasException>(() => Store.RotateMasterKeyAsync(NewKey(), CancellationToken.None));
        Assert.Equal(ErrorCode.Conflict, again.Code);

        // Restarted before the variable was updated: still readable, and still waiting.
        await RestartAsync(oldKey);
        Assert.NotNull(await Store.FinishInterruptedRotationAsync(CancellationToken.None));
        await AssertAllReadableAsync(contents);
        Assert.True(File.Exists(NextKeyPath));

        // Restarted with a third key: refused, naming the keys that would work.
        Store.Dispose();
        var third = await Assert.ThrowsAsync<MaasException>(() => TestStores.OpenAsync(Folder, NewKey(), TestStores.SmallChunk));
        Assert.Contains(result.MasterKeyId, third.Message, StringComparison.Ordinal);

        // Restarted with the new key: the copy on disk goes.
        await RestartAsync(newKey);
        Assert.False(File.Exists(NextKeyPath));
        await AssertAllReadableAsync(contents);
    }

    [Fact]
    public async Task Restart_EnvironmentKeyWithAPlantedNextKey_RefusedRatherThanRewrappingUnderIt()
    {
        var key = NewKey();
        File.Delete(MasterKeyPath);
        await RestartAsync(key);
        var contents = await PutManyAsync();
        Store.Dispose();

        // Someone with write access but without the master key plants a key of their choosing.
        await File.WriteAllTextAsync(NextKeyPath, NewKey() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(NextKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var planted = await Assert.ThrowsAsync<MaasException>(() => TestStores.OpenAsync(Folder, key, TestStores.SmallChunk));
        Assert.Contains("holds a key in the clear", planted.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(NextKeyPath, "sealed:0123456789abcdef:fedcba9876543210:" + Convert.ToBase64String(new byte[60]) + "\n");
        var forged = await Assert.ThrowsAsync<MaasException>(() => TestStores.OpenAsync(Folder, key, TestStores.SmallChunk));
        Assert.Contains("sealed under master key 0123456789abcdef", forged.Message, StringComparison.Ordinal);

        File.Delete(NextKeyPath);
        await RestartAsync(key);
        await AssertAllReadableAsync(contents);
    }

    [Fact]
    public async Task Rotate_ToTheKeyInUse_Refused()
    {
        var current = (await File.ReadAllTextAsync(MasterKeyPath)).Trim();

        var error = await Assert.ThrowsAsync<MaasException>(() => Store.RotateMasterKeyAsync(current, CancellationToken.None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.False(File.Exists(NextKeyPath));
    }

    [Fact]
    public async Task Rotate_DamagedKeyFile_CountedAndLeftWhileTheOthersMove()
    {
        var contents = await PutManyAsync();
        var damaged = contents.Keys.First();
        await TestStores.FlipBitAsync(TestStores.KeyPath(Folder, damaged), 40);

        var result = await Store.RotateMasterKeyAsync(null, CancellationToken.None);

        Assert.Equal(Blobs - 1, result.Rewrapped);
        Assert.Equal(1, result.Unreadable);
        contents.Remove(damaged);
        await AssertAllReadableAsync(contents);
    }

    private async Task<Dictionary<string, byte[]>> PutManyAsync()
    {
        var contents = new Dictionary<string, byte[]>();
        for (var i = 0; i < Blobs; i++)
        {
            var content = RandomNumberGenerator.GetBytes(1000 + (i * 700));
            contents[(await Store.PutAsync(content)).Digest] = content;
        }

        return contents;
    }

    private async Task AssertAllReadableAsync(Dictionary<string, byte[]> contents)
    {
        foreach (var (digest, content) in contents)
        {
            Assert.Equal(content, await Store.ReadAllAsync(digest));
        }
    }

    private Dictionary<string, byte[]> ReadAll(string tree) =>
        Directory.GetFiles(Folder.Combine("blobs", tree), "*", SearchOption.AllDirectories).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
