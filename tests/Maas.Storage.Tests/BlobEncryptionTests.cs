using System.Security.Cryptography;
using System.Text;
using Maas.Core.Storage;

namespace Maas.Storage.Tests;

/// <summary>What reaches the disk is ciphertext, and every read gives back exactly what was stored.</summary>
public sealed class BlobEncryptionTests : EncryptedStoreTestBase
{
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("PLAINTEXT-MARKER-4f1c");

    [Fact]
    public async Task StageAndCommit_RecognisableContent_NeverOnDiskInPlaintext()
    {
        var content = Enumerable.Repeat(Marker, 500).SelectMany(m => m).ToArray();

        await using var staged = await Store.StageAsync(new MemoryStream(content), long.MaxValue, null, CancellationToken.None);
        var stagedBytes = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(Folder.Combine("blobs", "tmp"))));
        var blob = await Store.CommitAsync(staged, CancellationToken.None);

        Assert.Equal(-1, stagedBytes.AsSpan().IndexOf(Marker));
        foreach (var file in Directory.GetFiles(Folder.Path, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(-1, (await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(Marker));
        }

        Assert.Equal(content, await Store.ReadAllAsync(blob.Digest));
    }

    [Fact]
    public async Task StageAsync_SameContentTwice_DifferentKeysAndCiphertext()
    {
        var content = RandomNumberGenerator.GetBytes(5000);

        await using var first = await Store.StageAsync(new MemoryStream(content), long.MaxValue, null, CancellationToken.None);
        await using var second = await Store.StageAsync(new MemoryStream(content), long.MaxValue, null, CancellationToken.None);

        Assert.Equal(first.Digest, second.Digest);
        var files = Directory.GetFiles(Folder.Combine("blobs", "tmp")).Select(File.ReadAllBytes).ToList();
        Assert.NotEqual(files[0].AsSpan(24, 64).ToArray(), files[1].AsSpan(24, 64).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(TestStores.SmallChunk - 1)]
    [InlineData(TestStores.SmallChunk)]
    [InlineData(TestStores.SmallChunk + 1)]
    [InlineData(3 * TestStores.SmallChunk)]
    [InlineData((7 * TestStores.SmallChunk) + 333)]
    public async Task RoundTrip_AroundChunkBoundaries_ByteIdentical(int length)
    {
        var content = RandomNumberGenerator.GetBytes(length);

        var blob = await Store.PutAsync(content);

        Assert.Equal(BlobDigest.FromHash(SHA256.HashData(content)), blob.Digest);
        Assert.Equal(content, await Store.ReadAllAsync(blob.Digest));
        var chunks = Math.Max(1, (length + TestStores.SmallChunk - 1) / TestStores.SmallChunk);
        Assert.Equal(24 + length + (16 * chunks), new FileInfo(TestStores.BlobPath(Folder, blob.Digest)).Length);
    }

    [Fact]
    public async Task OpenReadAsync_Seek_ReadsAnyRangeWithLengthOfThePlaintext()
    {
        var content = RandomNumberGenerator.GetBytes((5 * TestStores.SmallChunk) + 100);
        var blob = await Store.PutAsync(content);

        await using var stream = await Store.OpenReadAsync(blob.Digest, CancellationToken.None);
        Assert.True(stream.CanSeek);
        Assert.Equal(content.Length, stream.Length);
        var part = new byte[1500];
        stream.Position = (3 * TestStores.SmallChunk) - 700;
        await stream.ReadExactlyAsync(part);
        Assert.Equal(content.AsSpan((3 * TestStores.SmallChunk) - 700, 1500).ToArray(), part);

        stream.Seek(-10, SeekOrigin.End);
        Assert.Equal(content[^10..], await ReadToEndAsync(stream));
        stream.Position = 0;
        Assert.Equal(content, await ReadToEndAsync(stream));
    }

    [Fact]
    public async Task OpenRead_StagedUpload_DecryptsForValidation()
    {
        var content = RandomNumberGenerator.GetBytes((2 * TestStores.SmallChunk) + 5);

        await using var staged = await Store.StageAsync(new MemoryStream(content), long.MaxValue, null, CancellationToken.None);
        await using var read = staged.OpenRead();

        Assert.Equal(content, await ReadToEndAsync(read));
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
