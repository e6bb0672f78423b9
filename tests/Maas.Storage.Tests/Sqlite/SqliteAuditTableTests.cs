using Maas.Core.Security;
using Maas.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using static Maas.Storage.Tests.Contracts.AuditLogContract;

namespace Maas.Storage.Tests.Sqlite;

/// <summary>The audit log's tables' own guarantees (append-only, whoever writes), and the migration that added it.</summary>
public sealed class SqliteAuditTableTests : SqliteTestBase
{
    [Theory]
    [InlineData("UPDATE audit_log SET outcome = 'success';")]
    [InlineData("UPDATE audit_log SET key_id = NULL WHERE id = 1;")]
    [InlineData("DELETE FROM audit_log;")]
    [InlineData("DELETE FROM audit_log WHERE id = 1;")]
    public async Task AuditLog_IsAppendOnly(string sql)
    {
        await Audit.AppendAsync([Entry("model.delete", "k1", Start) with { Outcome = AuditOutcome.Failure }], None);

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(None);
        await using var command = connection.CreateCommand();

        // The entry is in its month's partition, which has the same triggers as the table it was split from.
        command.CommandText = "SELECT name FROM audit_partitions ORDER BY first_id DESC, month DESC LIMIT 1;";
        var partition = (string)(await command.ExecuteScalarAsync(None))!;
        command.CommandText = sql.Replace("audit_log", partition, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync(None));

        Assert.Contains("audit_log is append-only", error.Message, StringComparison.Ordinal);
        var entry = Assert.Single((await Audit.QueryAsync(new AuditQuery(), None)).Entries);
        Assert.Equal(AuditOutcome.Failure, entry.Outcome);
        Assert.Equal("k1", entry.KeyId);
    }

    [Fact]
    public async Task Migration3_OnAVersion2Database_AddsTheTablesAndKeepsModels()
    {
        await Database.DisposeAsync();
        File.Delete(DatabasePath);
        var connections = new SqliteConnectionFactory(DatabasePath);
        await SchemaMigrator.MigrateAsync(connections, new SemaphoreSlim(1, 1), Migrations.All.Take(2).ToList(), None);
        await using (var connection = await connections.OpenAsync(None))
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO models (name, created, updated) VALUES ('old', '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:00.0000000+00:00');";
            await insert.ExecuteNonQueryAsync(None);
        }

        connections.ClearPool();
        await using var upgraded = await SqliteDatabase.OpenAsync(DatabasePath, Clock, None);

        Assert.NotNull(await new SqliteRegistryStore(upgraded).GetModelAsync("old", None));
        Assert.Empty(await new SqliteKeyStore(upgraded).ListKeysAsync(None));
        Assert.Empty((await new SqliteAuditLog(upgraded).QueryAsync(new AuditQuery(), None)).Entries);
    }
}
