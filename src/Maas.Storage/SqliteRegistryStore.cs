using Maas.Core;
using Maas.Core.Storage;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace Maas.Storage;

/// <summary>
/// The registry's metadata in one SQLite file, in write-ahead-log mode with full fsync on commit. Writes take the
/// database's write lock when they begin, so concurrent writers (in this process or another) queue rather than
/// deadlock, and each method is one transaction.
/// </summary>
/// <remarks>
/// Open with <see cref="OpenAsync"/>, which creates or upgrades the schema. The store owns its pooled connections;
/// <see cref="DisposeAsync"/> closes them and may be called more than once.
/// </remarks>
public sealed partial class SqliteRegistryStore : IRegistryStore, IAsyncDisposable
{
    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _timeProvider;

    // Queues this process's writers without holding threads; SQLite's busy timeout only covers other processes.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _disposed;

    private SqliteRegistryStore(SqliteConnectionFactory connections, TimeProvider timeProvider)
    {
        _connections = connections;
        _timeProvider = timeProvider;
    }

    /// <summary>The connection factory, so tests can see what every connection gets.</summary>
    internal SqliteConnectionFactory Connections => _connections;

    /// <summary>
    /// Opens the metadata database at <paramref name="databasePath"/>, creating the file and its folder when missing.
    /// It switches the database to write-ahead logging, runs <c>PRAGMA quick_check</c>, and applies any schema
    /// migrations the file lacks.
    /// </summary>
    /// <param name="databasePath">The database file, such as <c>data/maas.db</c>.</param>
    /// <param name="timeProvider">The clock for the created and updated times.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <exception cref="Core.MaasException">
    /// <see cref="Core.ErrorCode.Internal"/> when the file fails its integrity check or was written by a newer Maas.
    /// </exception>
    public static async Task<SqliteRegistryStore> OpenAsync(string databasePath, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var store = new SqliteRegistryStore(new SqliteConnectionFactory(fullPath), timeProvider);
        try
        {
            await using (var connection = await store._connections.OpenAsync(cancellationToken))
            {
                await DatabaseChecks.EnableWriteAheadLogAsync(connection, cancellationToken);
                await DatabaseChecks.CheckIntegrityAsync(connection, cancellationToken);
            }

            await SchemaMigrator.MigrateAsync(store._connections, store._writeGate, Migrations.All, cancellationToken);
            return store;
        }
        catch (Exception exception)
        {
            await store.DisposeAsync();

            // A file damaged badly enough can fail before quick_check gets to say so.
            if (exception is SqliteException { SqliteErrorCode: SQLITE_CORRUPT or SQLITE_NOTADB } corrupt)
            {
                throw DatabaseChecks.IntegrityFailure(corrupt.Message, corrupt);
            }

            throw;
        }
    }

    /// <summary>Closes the pooled connections, which also checkpoints the write-ahead log into the database file.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _connections.ClearPool();
        }

        return ValueTask.CompletedTask;
    }

    private Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _connections.OpenAsync(cancellationToken);
    }

    private Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return WriteTransaction.BeginAsync(_connections, _writeGate, cancellationToken);
    }

    // Normalised to offset zero, so the value returned equals the one read back later.
    private DateTimeOffset UtcNow() => _timeProvider.GetUtcNow().ToUniversalTime();

    /// <summary>The model's row id, or <see cref="Core.ErrorCode.NotFound"/>.</summary>
    private static async Task<long> RequireModelIdAsync(WriteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command("SELECT id FROM models WHERE name = $name;").With("$name", name);
        return (long?)await command.ExecuteScalarAsync(cancellationToken) ?? throw MaasErrors.ModelNotFound(name);
    }
}
