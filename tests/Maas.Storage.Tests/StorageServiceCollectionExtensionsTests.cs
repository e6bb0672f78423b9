using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Core.Training;
using Maas.Storage.Caching;
using Maas.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Maas.Storage.Tests;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task AddMaasSqliteStorage_EveryStore_OneSingletonEach_ModelStoreOnlyBehindTheCache()
    {
        var database = await SqliteDatabase.OpenAsync(_directory.Combine("maas.db"), TimeProvider.System, CancellationToken.None);
        await using var services = new ServiceCollection().AddMaasSqliteStorage(database).BuildServiceProvider();

        Assert.IsType<CachingRegistryStore>(services.GetRequiredService<IRegistryStore>());
        Assert.Same(services.GetRequiredService<IRegistryStore>(), services.GetRequiredService<IRegistryStore>());
        Assert.Null(services.GetService<SqliteRegistryStore>());
        Assert.Same(database, services.GetRequiredService<SqliteDatabase>());
        Assert.IsType<SqliteKeyStore>(services.GetRequiredService<IKeyStore>());
        Assert.IsType<SqliteAuditLog>(services.GetRequiredService<IAuditLog>());
        Assert.IsType<SqliteDatasetStore>(services.GetRequiredService<IDatasetStore>());
        Assert.IsType<SqliteJobStore>(services.GetRequiredService<IJobStore>());
        Assert.IsType<SqliteBlobReferences>(services.GetRequiredService<IBlobReferences>());
    }

    [Fact]
    public async Task AddMaasSqliteStorage_ContainerDisposed_ClosesTheDatabase()
    {
        var database = await SqliteDatabase.OpenAsync(_directory.Combine("maas.db"), TimeProvider.System, CancellationToken.None);
        var services = new ServiceCollection().AddMaasSqliteStorage(database).BuildServiceProvider();
        var keys = services.GetRequiredService<IKeyStore>();
        Assert.Empty(await keys.ListKeysAsync(CancellationToken.None));

        await services.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => keys.ListKeysAsync(CancellationToken.None));
    }

    public void Dispose() => _directory.Dispose();
}
