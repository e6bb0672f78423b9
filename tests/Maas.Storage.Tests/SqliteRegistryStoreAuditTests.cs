using Maas.Core.Security;
using Maas.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Tests;

public sealed class SqliteRegistryStoreAuditTests : RegistryStoreTestBase
{
    [Fact]
    public async Task Append_ThenQuery_NewestFirstWithEveryField()
    {
        await Audit.AppendAsync([Entry("model.create", "k1", Start), Entry("auth.failure", null, Start.AddSeconds(1)) with { Detail = "unknown key", RemoteAddress = "::1", Target = null, Outcome = AuditOutcome.Failure }], None);

        var page = await Audit.QueryAsync(new AuditQuery(), None);

        Assert.Equal(["auth.failure", "model.create"], page.Entries.Select(e => e.Action));
        Assert.Null(page.NextPageToken);
        var failure = page.Entries[0];
        Assert.True(failure.Id > page.Entries[1].Id);
        Assert.Equal(Start.AddSeconds(1), failure.Time);
        Assert.Null(failure.KeyId);
        Assert.Null(failure.Target);
        Assert.Equal(AuditOutcome.Failure, failure.Outcome);
        Assert.Equal("::1", failure.RemoteAddress);
        Assert.Equal("unknown key", failure.Detail);
        Assert.Equal(("k1", "fraud", AuditOutcome.Success), (page.Entries[1].KeyId, page.Entries[1].Target, page.Entries[1].Outcome));
    }

    [Fact]
    public async Task Query_FiltersByActionPrefixKeyAndTime_AndPages()
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < 10; i++)
        {
            entries.Add(Entry(i % 2 == 0 ? "model.create" : "model.delete", i < 5 ? "k1" : "k2", Start.AddMinutes(i)));
        }

        entries.Add(Entry("modelx.other", "k1", Start.AddMinutes(20)));
        await Audit.AppendAsync(entries, None);

        Assert.Equal(5, (await Audit.QueryAsync(new AuditQuery(Action: "model.create"), None)).Entries.Count);
        Assert.Equal(10, (await Audit.QueryAsync(new AuditQuery(Action: "model.*"), None)).Entries.Count);
        Assert.Equal(11, (await Audit.QueryAsync(new AuditQuery(Action: "*"), None)).Entries.Count);
        Assert.Equal(6, (await Audit.QueryAsync(new AuditQuery(KeyId: "k1"), None)).Entries.Count);
        Assert.Equal(4, (await Audit.QueryAsync(new AuditQuery(Since: Start.AddMinutes(7)), None)).Entries.Count);
        Assert.Equal(2, (await Audit.QueryAsync(new AuditQuery(Action: "model.delete", KeyId: "k2", Since: Start.AddMinutes(6)), None)).Entries.Count);

        var first = await Audit.QueryAsync(new AuditQuery(KeyId: "k2", Limit: 3), None);
        var second = await Audit.QueryAsync(new AuditQuery(KeyId: "k2", Limit: 3, Before: long.Parse(first.NextPageToken!, System.Globalization.CultureInfo.InvariantCulture)), None);
        Assert.Equal(3, first.Entries.Count);
        Assert.Equal(2, second.Entries.Count);
        Assert.Null(second.NextPageToken);
        Assert.Empty(first.Entries.Select(e => e.Id).Intersect(second.Entries.Select(e => e.Id)));
    }

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
        command.CommandText = sql;
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

    private static AuditEntry Entry(string action, string? keyId, DateTimeOffset time) =>
        new(0, time, keyId, action, "fraud", AuditOutcome.Success, "127.0.0.1", "201");
}
