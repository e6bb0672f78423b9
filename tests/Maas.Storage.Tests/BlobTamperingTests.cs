using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Storage;

namespace Maas.Storage.Tests;

/// <summary>
/// Someone with write access to the disk alters stored files; every change is refused with an integrity error before
/// a single altered byte is handed out. Blobs here span 4 chunks of 1 KiB (the last one short).
/// </summary>
public sealed class BlobTamperingTests : EncryptedStoreTestBase
{
    private const int Header = 24;
    private const int Stride = TestStores.SmallChunk + 16;
    private const int ContentLength = (3 * TestStores.SmallChunk) + 500;

    [Fact]
    public async Task Truncation_LastChunkDropped_Refused()
    {
        var blob = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));

        await TestStores.TamperAsync(TestStores.BlobPath(Folder, blob.Digest), bytes => bytes[..(Header + (3 * Stride))]);

        var error = await Store.ReadFailsAsync(blob.Digest);
        Assert.Contains("chunk 3 of 3 does not authenticate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncation_AllButTheFirstChunkDropped_RefusedWhenOpened()
    {
        var blob = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));

        await TestStores.TamperAsync(TestStores.BlobPath(Folder, blob.Digest), bytes => bytes[..(Header + Stride)]);

        var error = await Assert.ThrowsAsync<MaasException>(() => Store.OpenReadAsync(blob.Digest, CancellationToken.None));
        Assert.Equal(ErrorCode.IntegrityFailure, error.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(Stride - 1)]
    public async Task Truncation_InsideAChunk_Refused(int cut)
    {
        var blob = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));

        await TestStores.TamperAsync(TestStores.BlobPath(Folder, blob.Digest), bytes => bytes[..^cut]);

        await Store.ReadFailsAsync(blob.Digest);
    }

    [Fact]
    public async Task Extension_BytesAppended_Refused()
    {
        var blob = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));

        await TestStores.TamperAsync(TestStores.BlobPath(Folder, blob.Digest), bytes => [.. bytes, .. bytes.AsSpan(Header, Stride)]);

        await Store.ReadFailsAsync(blob.Digest);
    }

    [Fact]
    public async Task Reorder_TwoChunksSwapped_Refused()
    {
        var blob = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));

        await TestStores.TamperAsync(TestStores.BlobPath(Folder, blob.Digest), bytes => Swap(bytes, bytes, Header + Stride, Header + (2 * Stride)));

        var error = await Store.ReadFailsAsync(blob.Digest);
        Assert.Contains("chunk 2 of 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swap_ChunkFromAnotherBlob_Refused()
    {
        var first = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));
        var second = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));
        var other = await File.ReadAllBytesAsync(TestStores.BlobPath(Folder, second.Digest));

        await TestStores.TamperAsync(TestStores.BlobPath(Folder, first.Digest), bytes => Swap(bytes, other, Header + Stride, Header + Stride));

        await Store.ReadFailsAsync(first.Digest);
        Assert.Equal(ContentLength, (await Store.ReadAllAsync(second.Digest)).Length);
    }

    [Fact]
    public async Task Swap_WholeBlobAndKeyUnderAnotherName_Refused()
    {
        var first = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));
        var second = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));

        // A consistent pair (blob + its own key) moved under the other digest: every tag is right for the old name only.
        await ReplaceWithAsync(TestStores.BlobPath(Folder, first.Digest), TestStores.BlobPath(Folder, second.Digest));
        await ReplaceWithAsync(TestStores.KeyPath(Folder, first.Digest), TestStores.KeyPath(Folder, second.Digest));

        var error = await Store.ReadFailsAsync(first.Digest);
        Assert.Contains("wrapped data key does not authenticate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swap_KeyFileOfAnotherBlob_Refused()
    {
        var first = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));
        var second = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));

        await ReplaceWithAsync(TestStores.KeyPath(Folder, first.Digest), TestStores.KeyPath(Folder, second.Digest));

        await Store.ReadFailsAsync(first.Digest);
    }

    [Theory]
    [InlineData(Header + 5, "ciphertext of the first chunk")]
    [InlineData(Header + Stride - 3, "tag of the first chunk")]
    [InlineData(Header + (2 * Stride) + 100, "ciphertext of a middle chunk")]
    [InlineData(-1, "tag of the last chunk")]
    [InlineData(-20, "ciphertext of the last chunk")]
    [InlineData(0, "magic")]
    [InlineData(9, "format version")]
    [InlineData(11, "reserved header bytes")]
    [InlineData(14, "chunk size")]
    [InlineData(20, "nonce prefix")]
    public async Task BitFlip_InTheBlobFile_Refused(int offset, string where)
    {
        var content = RandomNumberGenerator.GetBytes(ContentLength);
        var blob = await Store.PutAsync(content);

        await TestStores.FlipBitAsync(TestStores.BlobPath(Folder, blob.Digest), offset);

        var error = await Store.ReadFailsAsync(blob.Digest);
        Assert.True(error.Message.Contains(blob.Digest, StringComparison.Ordinal), where);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(9, "format version")]
    [InlineData(12, "master key id")]
    [InlineData(20, "wrap nonce")]
    [InlineData(40, "wrapped data key")]
    [InlineData(70, "wrap tag")]
    public async Task BitFlip_InTheKeyFile_Refused(int offset, string where)
    {
        var blob = await Store.PutAsync(RandomNumberGenerator.GetBytes(ContentLength));

        await TestStores.FlipBitAsync(TestStores.KeyPath(Folder, blob.Digest), offset);

        var error = await Store.ReadFailsAsync(blob.Digest);
        Assert.True(error.Message.Contains(blob.Digest, StringComparison.Ordinal), where);
        Assert.Equal(1, await Store.CountUnreadableKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task KeyFile_Missing_Refused()
    {
        var blob = await Store.PutAsync(RandomNumberGenerator.GetBytes(100));

        File.Delete(TestStores.KeyPath(Folder, blob.Digest));

        var error = await Store.ReadFailsAsync(blob.Digest);
        Assert.Contains("wrapped data key is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaintextBlob_WithoutTheHeader_Refused()
    {
        // A blob file as Maas wrote them before encryption: the plaintext under its own digest.
        var content = "an ONNX file stored in the clear"u8.ToArray();
        var blob = await Store.PutAsync(content);
        await TestStores.TamperAsync(TestStores.BlobPath(Folder, blob.Digest), _ => content);

        var error = await Store.ReadFailsAsync(blob.Digest);
        Assert.Contains("does not start with the encrypted blob header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidChunks_ContentOfAnotherDigest_RefusedByTheDigestCheck()
    {
        // Only the data key's holder could do this: seal other content correctly under the blob's name. The tags then
        // all pass, and the SHA-256 check at the end is what refuses it, before the last bytes are returned.
        var content = RandomNumberGenerator.GetBytes(ContentLength);
        var claimed = BlobDigest.FromHash(SHA256.HashData("something else"u8));
        await using var staged = (StagedBlob)await Store.StageAsync(new MemoryStream(content), long.MaxValue, null, CancellationToken.None);
        await using var forged = new StagedBlob(Store, staged.TemporaryPath, claimed, staged.Size, staged.DataKey.ToArray(), staged.Header);
        Assert.True(staged.TryBeginCommit());
        await Store.CommitAsync(forged, CancellationToken.None);

        await using var stream = await Store.OpenReadAsync(claimed, CancellationToken.None);
        var buffer = new byte[ContentLength];
        await stream.ReadExactlyAsync(buffer.AsMemory(0, 3 * TestStores.SmallChunk));
        var error = await Assert.ThrowsAsync<MaasException>(async () => await stream.ReadExactlyAsync(buffer.AsMemory(3 * TestStores.SmallChunk)));
        Assert.Equal(ErrorCode.IntegrityFailure, error.Code);
        Assert.Contains("does not hash to its digest", error.Message, StringComparison.Ordinal);
        Assert.All(buffer[(3 * TestStores.SmallChunk)..], b => Assert.Equal(0, b));
        await Assert.ThrowsAsync<MaasException>(async () => await stream.ReadExactlyAsync(buffer.AsMemory(3 * TestStores.SmallChunk)));
    }

    private static byte[] Swap(byte[] target, byte[] source, int targetOffset, int sourceOffset)
    {
        var result = target.ToArray();
        var moved = source.AsSpan(sourceOffset, Stride).ToArray();
        if (ReferenceEquals(target, source))
        {
            target.AsSpan(targetOffset, Stride).CopyTo(result.AsSpan(sourceOffset));
        }

        moved.CopyTo(result.AsSpan(targetOffset));
        return result;
    }

    private static async Task ReplaceWithAsync(string target, string source)
    {
        var bytes = await File.ReadAllBytesAsync(source);
        await TestStores.TamperAsync(target, _ => bytes);
    }
}
