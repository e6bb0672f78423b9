using Maas.Core;
using Maas.Core.Registry;
using Maas.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Tests.Sqlite;

/// <summary>Opening the SQLite database: pragmas, migrations, the integrity check, the write lock, disposal.</summary>
public sealed class SqliteDatabaseTests : SqliteTestBase
{
    [Fact]
    public async Task OpenAsync_FreshConnection_HasEveryPragmaInForce()
    {
        await using var connection = await Database.Connections.OpenAsync(None);

        Assert.Equal("wal", await ScalarAsync<string>(connection, "PRAGMA journal_mode;"));
        Assert.Equal(2L, await ScalarAsync<long>(connection, "PRAGMA synchronous;"));
        Assert.Equal(1L, await ScalarAsync<long>(connection, "PRAGMA foreign_keys;"));
        Assert.Equal(SqliteConnectionFactory.BusyTimeoutMilliseconds, await ScalarAsync<long>(connection, "PRAGMA busy_timeout;"));
        Assert.Equal(Migrations.Latest, await ScalarAsync<long>(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task OpenAsync_AlreadyMigratedDatabase_RunsNoMigrationAndKeepsData()
    {
        await Models.CreateModelAsync(new CreateModelRequest("fraud"), None);
        await Database.DisposeAsync();

        var applied = await SchemaMigrator.MigrateAsync(new SqliteConnectionFactory(DatabasePath), new SemaphoreSlim(1, 1), Migrations.All, None);
        await using var reopened = await SqliteDatabase.OpenAsync(DatabasePath, Clock, None);

        Assert.Equal(0, applied);
        Assert.NotNull(await new SqliteRegistryStore(reopened).GetModelAsync("fraud", None));
    }

    [Fact]
    public async Task MigrateAsync_NewStep_RunsOnlyThatStep()
    {
        await Database.DisposeAsync();
        var connections = new SqliteConnectionFactory(DatabasePath);
        Migration[] withNext = [.. Migrations.All, new(Migrations.Latest + 1, "CREATE TABLE extra (x INTEGER) STRICT;")];

        var applied = await SchemaMigrator.MigrateAsync(connections, new SemaphoreSlim(1, 1), withNext, None);

        Assert.Equal(1, applied);
        await using var connection = await connections.OpenAsync(None);
        Assert.Equal(Migrations.Latest + 1, await ScalarAsync<long>(connection, "PRAGMA user_version;"));
        Assert.Equal(0L, await ScalarAsync<long>(connection, "SELECT COUNT(*) FROM extra;"));
        connections.ClearPool();
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanCode_Refused()
    {
        await Database.DisposeAsync();
        await ExecuteRawAsync($"PRAGMA user_version = {Migrations.Latest + 1};");

        var error = await Assert.ThrowsAsync<MaasException>(() => SqliteDatabase.OpenAsync(DatabasePath, Clock, None));

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Contains($"schema version {Migrations.Latest + 1}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_DamagedFile_FailsIntegrityCheck()
    {
        for (var i = 0; i < 50; i++)
        {
            await Models.CreateModelAsync(new CreateModelRequest($"model-{i:D2}", new string('d', 200)), None);
        }

        await Database.DisposeAsync();
        await using (var file = new FileStream(DatabasePath, FileMode.Open, FileAccess.Write))
        {
            // Page 1 holds the schema; scribbling over page 2 onwards breaks the tables' b-trees but not the header.
            file.Position = 4096;
            await file.WriteAsync(Enumerable.Repeat((byte)0xA5, 4096 * 2).ToArray(), None);
        }

        var error = await Assert.ThrowsAsync<MaasException>(() => SqliteDatabase.OpenAsync(DatabasePath, Clock, None));

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.StartsWith("The metadata database failed its integrity check: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_QuickCheckReportsProblem_RefusedWithItsReport()
    {
        await Database.DisposeAsync();

        // A row that breaks a CHECK constraint leaves the file readable, so the refusal must come from quick_check.
        await ExecuteRawAsync("""
            CREATE TABLE damaged (x INTEGER CHECK (x > 0));
            PRAGMA ignore_check_constraints = ON;
            INSERT INTO damaged VALUES (-1);
            """);

        var error = await Assert.ThrowsAsync<MaasException>(() => SqliteDatabase.OpenAsync(DatabasePath, Clock, None));

        Assert.Equal(ErrorCode.Internal, error.Code);
        Assert.Equal("The metadata database failed its integrity check: CHECK constraint failed in damaged", error.Message);
    }

    [Fact]
    public async Task WriteTransaction_Begun_HoldsWriteLockBeforeAnyStatement()
    {
        await using var write = await WriteTransaction.BeginAsync(Database.Connections, new SemaphoreSlim(1, 1), None);
        await using var other = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=1");
        await other.OpenAsync(None);

        // BEGIN IMMEDIATE took the write lock up front, so a second writer is told the database is busy.
        var error = Assert.Throws<SqliteException>(() => other.BeginTransaction(deferred: false));

        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, error.SqliteErrorCode);
    }

    [Fact]
    public async Task DisposeAsync_CalledTwice_IsHarmlessAndLaterCallsThrow()
    {
        await Database.DisposeAsync();
        await Database.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Models.GetModelAsync("fraud", None));
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(None))!;
    }

    private async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(None);
    }
}
