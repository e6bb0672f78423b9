using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace Maas.Storage.Sqlite;

/// <summary>
/// The metadata database in one SQLite file, in write-ahead-log mode with full fsync on commit: the one object every
/// SQLite store gets its connections and its write transactions from. Writes take the database's write lock when
/// they begin (<see cref="BeginWriteAsync"/>), so concurrent writers, in this process or another, queue rather than
/// deadlock, and each store method is one transaction.
/// </summary>
/// <remarks>
/// Open with <see cref="OpenAsync"/>, which creates or upgrades the schema. The database owns its pooled connections
/// and the in-process write gate; the stores built on it own nothing, so disposing the database is the only cleanup.
/// <see cref="DisposeAsync"/> closes the connections and may be called more than once; afterwards every store call
/// throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _timeProvider;

    // Queues this process's writers without holding threads; SQLite's busy timeout only covers other processes.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _disposed;

    private SqliteDatabase(SqliteConnectionFactory connections, TimeProvider timeProvider)
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
    /// <param name="timeProvider">The clock for the created and updated times the stores write.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The open database, owned by the caller (or by the service container it is registered in).</returns>
    /// <exception cref="Core.MaasException">
    /// <see cref="Core.ErrorCode.Internal"/> when the file fails its integrity check or was written by a newer Maas.
    /// </exception>
    public static async Task<SqliteDatabase> OpenAsync(string databasePath, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var database = new SqliteDatabase(new SqliteConnectionFactory(fullPath), timeProvider);
        try
        {
            await using (var connection = await database._connections.OpenAsync(cancellationToken))
            {
                await DatabaseChecks.EnableWriteAheadLogAsync(connection, cancellationToken);
                await DatabaseChecks.CheckIntegrityAsync(connection, cancellationToken);
            }

            await SchemaMigrator.MigrateAsync(database._connections, database._writeGate, Migrations.All, cancellationToken);
            return database;
        }
        catch (Exception exception)
        {
            await database.DisposeAsync();

            // A file damaged badly enough can fail before quick_check gets to say so.
            if (exception is SqliteException { SqliteErrorCode: SQLITE_CORRUPT or SQLITE_NOTADB } corrupt)
            {
                throw DatabaseChecks.IntegrityFailure(corrupt.Message, corrupt);
            }

            throw;
        }
    }

    /// <summary>Opens a connection for reads outside a transaction; the caller disposes it.</summary>
    internal Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _connections.OpenAsync(cancellationToken);
    }

    /// <summary>
    /// Begins the unit of work of a write: waits for the in-process write gate, then holds SQLite's write lock until
    /// the transaction is committed or disposed. A write that spans stores takes one and runs all its statements on it.
    /// </summary>
    internal Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return WriteTransaction.BeginAsync(_connections, _writeGate, cancellationToken);
    }

    /// <summary>Now, normalised to offset zero, so the value a store returns equals the one read back later.</summary>
    internal DateTimeOffset UtcNow() => _timeProvider.GetUtcNow().ToUniversalTime();

    /// <summary>Closes the pooled connections, which also checkpoints the write-ahead log into the database file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _connections.ClearPool();
        }
    }

    /// <inheritdoc cref="Dispose" />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
