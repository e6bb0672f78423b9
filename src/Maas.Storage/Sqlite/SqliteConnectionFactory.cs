using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>
/// The only place that opens connections to the metadata database, so that no code path runs without the
/// per-connection pragmas the store relies on.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    /// <summary>How long SQLite itself waits for another writer's lock before it reports the database busy.</summary>
    public const int BusyTimeoutMilliseconds = 5000;

    // foreign_keys and busy_timeout are per-connection settings that default to off; synchronous=FULL makes each commit
    // fsync the WAL, so a transaction reported committed survives power loss (NORMAL would only survive a crash).
    private static readonly string ConnectionPragmas =
        $"PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";

    private readonly string _connectionString;

    public SqliteConnectionFactory(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();
    }

    /// <summary>Opens a connection with the pragmas in force; the caller owns and disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // A pooled connection keeps its settings, but setting them again costs microseconds and means no caller
            // has to know whether the connection is fresh.
            await using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the idle pooled connections, which releases the database file and checkpoints the WAL.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
