using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Core.Training;
using Maas.Storage.Sqlite;
using Maas.Storage.Tests.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Maas.Storage.Tests.Sqlite;

/// <summary>
/// The SQLite implementation under contract test: a database file in a fresh temporary folder. The stores are built
/// directly on the database or, with <paramref name="throughServices"/>, resolved from a container configured by
/// <see cref="StorageServiceCollectionExtensions.AddMaasSqliteStorage"/>, which puts the cache in front of the
/// model store, as the server has them.
/// </summary>
internal sealed class SqliteBackend(bool throughServices) : IStoreBackend
{
    public TemporaryDirectory Directory { get; } = new();

    public string DatabasePath => Directory.Combine("maas.db");

    /// <summary>The database the first <see cref="OpenAsync"/> opened, for the tests that look under the stores.</summary>
    public SqliteDatabase? First { get; private set; }

    public async Task<MetadataStores> OpenAsync(TimeProvider clock)
    {
        var database = await SqliteDatabase.OpenAsync(DatabasePath, clock, CancellationToken.None);
        First ??= database;
        return throughServices ? Resolve(database) : Build(database);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Dispose();
        return ValueTask.CompletedTask;
    }

    private static MetadataStores Build(SqliteDatabase database) => new(
        new SqliteRegistryStore(database),
        new SqliteKeyStore(database),
        new SqliteAuditLog(database),
        new SqliteDatasetStore(database),
        new SqliteJobStore(database),
        new SqliteBlobReferences(database),
        database);

    // The container owns the database from here on: disposing it closes the database.
    private static MetadataStores Resolve(SqliteDatabase database)
    {
        var services = new ServiceCollection().AddMaasSqliteStorage(database).BuildServiceProvider();
        return new(
            services.GetRequiredService<IRegistryStore>(),
            services.GetRequiredService<IKeyStore>(),
            services.GetRequiredService<IAuditLog>(),
            services.GetRequiredService<IDatasetStore>(),
            services.GetRequiredService<IJobStore>(),
            services.GetRequiredService<IBlobReferences>(),
            services);
    }
}
