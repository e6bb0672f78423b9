using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>
/// The unit of work of every write: a connection holding SQLite's write lock from its first statement, begun by
/// <see cref="SqliteDatabase.BeginWriteAsync"/>. Disposing it without <see cref="CommitAsync"/> rolls back, closes the
/// connection and lets the next writer in.
/// </summary>
/// <remarks>
/// The stores rely on writes being serialised, not merely atomic: a check and the write it guards (the last active
/// admin key, an alias's target version, the next version number) are read and written in one of these, and no other
/// writer can get in between. Another database's unit of work must give the same (PostgreSQL: SERIALIZABLE, or the
/// guarded rows locked with <c>SELECT … FOR UPDATE</c>).
/// </remarks>
internal sealed class WriteTransaction : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SemaphoreSlim _gate;
    private int _disposed;

    private WriteTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim gate)
    {
        _connection = connection;
        _transaction = transaction;
        _gate = gate;
    }

    /// <summary>
    /// Waits for the in-process writer gate, then begins an immediate transaction. The gate queues this process's
    /// writers without blocking threads; <c>BEGIN IMMEDIATE</c> (with the busy timeout) orders them against other
    /// processes. A deferred transaction would take a read lock first and could fail to upgrade it when another
    /// writer got in between, which is the deadlock SQLite reports as SQLITE_BUSY.
    /// </summary>
    public static async Task<WriteTransaction> BeginAsync(
        SqliteConnectionFactory connections, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        SqliteConnection? connection = null;
        try
        {
            connection = await connections.OpenAsync(cancellationToken);

            // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a non-deferred serializable transaction.
            var transaction = connection.BeginTransaction(deferred: false);
            return new WriteTransaction(connection, transaction, gate);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            gate.Release();
            throw;
        }
    }

    /// <summary>Creates a command enlisted in this transaction.</summary>
    public SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }
}
