using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Storage;

namespace Maas.Storage.Tests;

public sealed class FileBlobStoreTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private FileBlobStore _store = null!;

    private static CancellationToken None => CancellationToken.None;

    private string TemporaryFolder => _directory.Combine("blobs", "tmp");

    public async Task InitializeAsync() => _store = await TestStores.OpenAsync(_directory);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store?.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task CommitAsync_StagedContent_StoredUnderItsSha256()
    {
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var progress = new RecordingProgress();

        await using var staged = await _store.StageAsync(new MemoryStream(content), long.MaxValue, progress, None);
        var blob = await _store.CommitAsync(staged, None);

        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal("sha256:" + hex, blob.Digest);
        Assert.Equal(content.Length, blob.Size);
        Assert.Equal(content.Length, progress.Values[^1]);
        var path = _directory.Combine("blobs", "sha256", hex[..2], hex);
        var keyPath = _directory.Combine("blobs", "keys", hex[..2], hex);

        // On disk: the header, then four sealed chunks (3 full, 1 of 17 bytes), each with its 16-byte tag.
        Assert.Equal(24 + content.Length + (4 * 16), new FileInfo(path).Length);
        Assert.Equal(content, await _store.ReadAllAsync(blob.Digest));
        Assert.True(_store.Exists(blob.Digest));
        Assert.Empty(Directory.EnumerateFileSystemEntries(TemporaryFolder));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(keyPath));
        }
    }

    [Fact]
    public async Task CommitAsync_IdenticalContentTwice_KeepsOneFile()
    {
        var content = "same bytes"u8.ToArray();

        var first = await StageAndCommitAsync(content);
        var second = await StageAndCommitAsync(content);

        Assert.Equal(first, second);
        Assert.Equal([first.Digest], _store.ListDigests());
        Assert.Single(Directory.EnumerateFiles(_directory.Combine("blobs", "sha256"), "*", SearchOption.AllDirectories));
        Assert.Single(Directory.EnumerateFiles(_directory.Combine("blobs", "keys"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(TemporaryFolder));
        Assert.Equal(content, await _store.ReadAllAsync(first.Digest));
    }

    [Fact]
    public async Task StageAsync_FixtureModel_RoundTripsByteIdentically()
    {
        var path = TestFixtures.Model("breast_cancer_mlp");
        BlobInfo blob;
        await using (var source = File.OpenRead(path))
        await using (var staged = await _store.StageAsync(source, long.MaxValue, null, None))
        {
            blob = await _store.CommitAsync(staged, None);
        }

        await using var stored = await _store.OpenReadAsync(blob.Digest, None);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy, None);

        var original = await File.ReadAllBytesAsync(path, None);
        Assert.Equal(original, copy.ToArray());
        Assert.Equal(BlobDigest.FromHash(SHA256.HashData(original)), blob.Digest);
    }

    [Fact]
    public async Task StageAsync_OneByteOverLimit_RefusedWithNoTemporaryFileLeft()
    {
        var error = await Assert.ThrowsAsync<MaasException>(
            () => _store.StageAsync(new MemoryStream(new byte[1001]), 1000, null, None));

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.Equal("The upload exceeds the limit of 1000 bytes.", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(TemporaryFolder));
    }

    [Fact]
    public async Task StageAsync_ExactlyAtLimit_Accepted()
    {
        await using var staged = await _store.StageAsync(new MemoryStream(new byte[1000]), 1000, null, None);

        Assert.Equal(1000, staged.Size);
    }

    [Fact]
    public async Task StageAsync_Cancelled_RemovesTemporaryFile()
    {
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.StageAsync(new CancellingStream(cancellation), long.MaxValue, null, cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(TemporaryFolder));
    }

    [Fact]
    public async Task DisposeAsync_WithoutCommit_RemovesTemporaryFile()
    {
        var staged = await _store.StageAsync(new MemoryStream("draft"u8.ToArray()), 100, null, None);
        await using (var read = staged.OpenRead())
        {
            Assert.Equal((byte)'d', read.ReadByte());
        }

        await staged.DisposeAsync();
        await staged.DisposeAsync();

        Assert.Empty(Directory.EnumerateFileSystemEntries(TemporaryFolder));
        Assert.False(_store.Exists(staged.Digest));
    }

    [Fact]
    public async Task CommitAsync_SameStagedBlobTwice_Refused()
    {
        await using var staged = await _store.StageAsync(new MemoryStream("x"u8.ToArray()), 100, null, None);
        await _store.CommitAsync(staged, None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.CommitAsync(staged, None));
        Assert.True(_store.Exists(staged.Digest));
    }

    [Fact]
    public async Task RemoveTemporaryFilesAsync_Leftovers_RemovesAndCountsThem()
    {
        await File.WriteAllTextAsync(Path.Combine(TemporaryFolder, "a.tmp"), "partial", None);
        await File.WriteAllTextAsync(Path.Combine(TemporaryFolder, "b.tmp"), "partial", None);

        var removed = await _store.RemoveTemporaryFilesAsync(None);

        Assert.Equal(2, removed);
        Assert.Empty(Directory.EnumerateFileSystemEntries(TemporaryFolder));
        Assert.Equal(0, await _store.RemoveTemporaryFilesAsync(None));
    }

    [Theory]
    [InlineData("sha256:../../etc/passwd")]
    [InlineData("sha256:ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    public async Task OpenReadAsync_MalformedDigest_InvalidArgument(string digest)
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => _store.OpenReadAsync(digest, None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<MaasException>(() => _store.Exists(digest)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, (await Assert.ThrowsAsync<MaasException>(() => _store.DeleteAsync(digest, None))).Code);
    }

    [Fact]
    public async Task OpenReadAsync_Absent_NotFound()
    {
        var error = await Assert.ThrowsAsync<MaasException>(() => _store.OpenReadAsync("sha256:" + new string('0', 64), None));

        Assert.Equal(ErrorCode.NotFound, error.Code);
    }

    [Fact]
    public async Task DeleteAsync_StoredBlob_RemovesItAndAbsentIsFine()
    {
        var blob = await StageAndCommitAsync("gone soon"u8.ToArray());

        await _store.DeleteAsync(blob.Digest, None);
        await _store.DeleteAsync(blob.Digest, None);
        await _store.DeleteAsync("sha256:" + new string('f', 64), None);

        Assert.False(_store.Exists(blob.Digest));
        Assert.Empty(_store.ListDigests());
        Assert.False(File.Exists(TestStores.KeyPath(_directory, blob.Digest)));
    }

    [Fact]
    public async Task RemoveTemporaryFilesAsync_KeyWithoutBlob_RemovedAsACutCommit()
    {
        var blob = await StageAndCommitAsync("cut between key and blob"u8.ToArray());
        var kept = await StageAndCommitAsync("whole"u8.ToArray());
        File.Delete(TestStores.BlobPath(_directory, blob.Digest));

        Assert.Equal(1, await _store.RemoveTemporaryFilesAsync(None));

        Assert.False(File.Exists(TestStores.KeyPath(_directory, blob.Digest)));
        Assert.Equal("whole"u8.ToArray(), await _store.ReadAllAsync(kept.Digest));
    }

    [Fact]
    public async Task ListDigests_StrayFiles_ReportsOnlyWellFormedBlobs()
    {
        var blob = await StageAndCommitAsync("real"u8.ToArray());
        var hex = BlobDigest.Hex(blob.Digest);
        var sha256 = _directory.Combine("blobs", "sha256");
        await File.WriteAllTextAsync(Path.Combine(sha256, hex[..2], hex + ".bak"), "x", None);
        await File.WriteAllTextAsync(Path.Combine(sha256, hex[..2], "notablob"), "x", None);
        Directory.CreateDirectory(Path.Combine(sha256, "zz"));
        await File.WriteAllTextAsync(Path.Combine(sha256, "zz", new string('a', 64)), "x", None);

        Assert.Equal([blob.Digest], _store.ListDigests());
    }

    private async Task<BlobInfo> StageAndCommitAsync(byte[] content)
    {
        await using var staged = await _store.StageAsync(new MemoryStream(content), long.MaxValue, null, None);
        return await _store.CommitAsync(staged, None);
    }
}
