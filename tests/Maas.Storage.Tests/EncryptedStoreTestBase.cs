namespace Maas.Storage.Tests;

/// <summary>A store in a fresh temporary folder, with 1 KiB chunks unless a test class asks for others.</summary>
public abstract class EncryptedStoreTestBase : IAsyncLifetime, IDisposable
{
    private readonly int _chunkSize;

    protected EncryptedStoreTestBase(int chunkSize = TestStores.SmallChunk)
    {
        _chunkSize = chunkSize;
    }

    internal TemporaryDirectory Folder { get; } = new();

    internal FileBlobStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await TestStores.OpenAsync(Folder, chunkSize: _chunkSize);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Store?.Dispose();
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the store and opens it again over the same folder, as a restart does.</summary>
    internal async Task RestartAsync(string? masterKey = null)
    {
        Store.Dispose();
        Store = await TestStores.OpenAsync(Folder, masterKey, _chunkSize);
    }
}
