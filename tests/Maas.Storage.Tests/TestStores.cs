using Maas.Core;
using Maas.Core.Storage;

namespace Maas.Storage.Tests;

/// <summary>Opens encrypted blob stores in a temporary folder, and reaches their files the way an attacker with disk access would.</summary>
internal static class TestStores
{
    /// <summary>Chunks small enough that a few kilobytes of content span several of them.</summary>
    public const int SmallChunk = 1024;

    /// <summary>The store in <c>&lt;folder&gt;/blobs</c>, its key in <c>&lt;folder&gt;/master.key</c> unless <paramref name="masterKey"/> is given.</summary>
    public static Task<FileBlobStore> OpenAsync(TemporaryDirectory folder, string? masterKey = null, int chunkSize = 1 << 20) =>
        FileBlobStore.OpenAsync(
            folder.Combine("blobs"),
            new BlobEncryptionOptions { KeyDirectory = folder.Path, MasterKey = masterKey },
            chunkSize,
            CancellationToken.None);

    public static async Task<BlobInfo> PutAsync(this FileBlobStore store, byte[] content)
    {
        await using var staged = await store.StageAsync(new MemoryStream(content), long.MaxValue, null, CancellationToken.None);
        return await store.CommitAsync(staged, CancellationToken.None);
    }

    /// <summary>Opens and reads a blob to its end, the way the model host reads an artefact for loading.</summary>
    public static async Task<byte[]> ReadAllAsync(this FileBlobStore store, string digest)
    {
        await using var stream = await store.OpenReadAsync(digest, CancellationToken.None);
        var content = new byte[stream.Length];
        await stream.ReadExactlyAsync(content);
        return content;
    }

    /// <summary>Reads a blob expecting its integrity check to fail, and returns the failure.</summary>
    public static async Task<MaasException> ReadFailsAsync(this FileBlobStore store, string digest)
    {
        var error = await Assert.ThrowsAsync<MaasException>(async () =>
        {
            await using var stream = await store.OpenReadAsync(digest, CancellationToken.None);
            await stream.CopyToAsync(Stream.Null);
        });
        Assert.Equal(ErrorCode.IntegrityFailure, error.Code);
        Assert.Contains("integrity", error.Message, StringComparison.Ordinal);
        return error;
    }

    public static string BlobPath(TemporaryDirectory folder, string digest)
    {
        var hex = BlobDigest.Hex(digest);
        return folder.Combine("blobs", "sha256", hex[..2], hex);
    }

    public static string KeyPath(TemporaryDirectory folder, string digest)
    {
        var hex = BlobDigest.Hex(digest);
        return folder.Combine("blobs", "keys", hex[..2], hex);
    }

    /// <summary>Rewrites a read-only store file, as someone with access to the disk could.</summary>
    public static async Task TamperAsync(string path, Func<byte[], byte[]> change)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await File.WriteAllBytesAsync(path, change(bytes));
    }

    /// <summary>Flips one bit at <paramref name="offset"/> (negative: from the end).</summary>
    public static Task FlipBitAsync(string path, int offset) => TamperAsync(path, bytes =>
    {
        bytes[offset >= 0 ? offset : bytes.Length + offset] ^= 0x10;
        return bytes;
    });
}
