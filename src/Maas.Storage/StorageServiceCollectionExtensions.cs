using Maas.Core.Security;
using Maas.Core.Storage;
using Maas.Core.Training;
using Maas.Storage.Caching;
using Maas.Storage.Sqlite;

// In the container's own namespace, as ASP.NET Core's, YARP's and Npgsql's registration extensions are.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the metadata stores with a service container.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="database"/> and the stores on it as singletons: <see cref="IRegistryStore"/> (behind
    /// the read cache), <see cref="IKeyStore"/>, <see cref="IAuditLog"/>, <see cref="IDatasetStore"/>,
    /// <see cref="IJobStore"/> and <see cref="IBlobReferences"/>.
    /// </summary>
    /// <param name="services">The container's service collection.</param>
    /// <param name="database">An open database, from <see cref="SqliteDatabase.OpenAsync"/>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <remarks>
    /// The container takes ownership of <paramref name="database"/>: it disposes it when it is itself disposed, after
    /// the services that were built on it.
    /// </remarks>
    public static IServiceCollection AddMaasSqliteStorage(this IServiceCollection services, SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);

        // Through a factory: the container disposes what its factories return, never an instance it was handed.
        services.AddSingleton(_ => database);
        return services.AddMetadataStores<SqliteRegistryStore, SqliteKeyStore, SqliteAuditLog, SqliteDatasetStore, SqliteJobStore, SqliteBlobReferences>();
    }

    /// <summary>
    /// The part every database shares: one implementation per store interface, and the cache in front of the model
    /// store. A second database registers its own connection owner and calls this with its own classes.
    /// </summary>
    private static IServiceCollection AddMetadataStores<TModels, TKeys, TAudit, TDatasets, TJobs, TReferences>(this IServiceCollection services)
        where TModels : class, IRegistryStore
        where TKeys : class, IKeyStore
        where TAudit : class, IAuditLog
        where TDatasets : class, IDatasetStore
        where TJobs : class, IJobStore
        where TReferences : class, IBlobReferences
    {
        // The uncached model store is built here and registered nowhere else, so no caller can read around the cache,
        // and no write of the model aggregate can leave it stale.
        services.AddSingleton<IRegistryStore>(sp => new CachingRegistryStore(ActivatorUtilities.CreateInstance<TModels>(sp)));
        services.AddSingleton<IKeyStore, TKeys>();
        services.AddSingleton<IAuditLog, TAudit>();
        services.AddSingleton<IDatasetStore, TDatasets>();
        services.AddSingleton<IJobStore, TJobs>();
        services.AddSingleton<IBlobReferences, TReferences>();
        return services;
    }
}
