using System.Security.Cryptography;
using Maas.Core;
using Maas.Core.Storage;

namespace Maas.Storage.Tests;

/// <summary>The fixture models, through the store with its real 1 MiB chunks.</summary>
public sealed class FixtureModelEncryptionTests() : EncryptedStoreTestBase(chunkSize: 1 << 20)
{
    public static TheoryData<string> Models => new(Directory.GetFiles(TestFixtures.ModelsDirectory, "*.onnx").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Models))]
    public async Task RoundTrip_FixtureModel_ByteIdenticalAndVerified(string model)
    {
        var original = await File.ReadAllBytesAsync(TestFixtures.Model(model));

        BlobInfo blob;
        await using (var source = File.OpenRead(TestFixtures.Model(model)))
        await using (var staged = await Store.StageAsync(source, long.MaxValue, null, CancellationToken.None))
        {
            blob = await Store.CommitAsync(staged, CancellationToken.None);
        }

        Assert.Equal(BlobDigest.FromHash(SHA256.HashData(original)), blob.Digest);
        Assert.Equal(original, await Store.ReadAllAsync(blob.Digest));
        var onDisk = await File.ReadAllBytesAsync(TestStores.BlobPath(Folder, blob.Digest));
        Assert.Equal(-1, onDisk.AsSpan().IndexOf(original.AsSpan(0, Math.Min(64, original.Length))));
    }
}
