using Maas.Core.Security;
using Microsoft.Data.Sqlite;
using static Maas.Storage.Tests.Contracts.AuditLogContract;

namespace Maas.Storage.Tests.Sqlite;

/// <summary>
/// The audit log's monthly partitions: each append-only, read as one log, and dropped only whole, only when every
/// entry is older than the cut-off, never the newest.
/// </summary>
public sealed class SqliteAuditPartitionTests : SqliteTestBase
{
    private static readonly DateTimeOffset January = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EveryPartition_IsAppendOnly()
    {
        await AppendMonthsAsync();

        var tables = await TablesAsync();
        Assert.Equal(4, tables.Count);
        foreach (var table in tables)
        {
            // A row trigger fires only on rows: the first partition of a fresh database is empty, so give each one a row.
            await using (var connection = await OpenAsync())
            await using (var insert = connection.CreateCommand())
            {
                insert.CommandText = $"INSERT INTO {table} (time, action, outcome) VALUES ('2025-12-01T00:00:00.0000000+00:00', 'model.create', 'failure');";
                await insert.ExecuteNonQueryAsync(None);
            }

            foreach (var sql in new[] { $"UPDATE {table} SET outcome = 'success';", $"DELETE FROM {table};" })
            {
                await using var connection = await OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                var error = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync(None));
                Assert.Contains("audit_log is append-only", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Query_AcrossPartitions_IsNewestFirstAndPages()
    {
        await AppendMonthsAsync();

        var all = new List<AuditEntry>();
        AuditPage page = await Audit.QueryAsync(new AuditQuery(Limit: 2), None);
        all.AddRange(page.Entries);
        while (page.NextPageToken is { } token)
        {
            page = await Audit.QueryAsync(new AuditQuery(Limit: 2, Before: long.Parse(token, System.Globalization.CultureInfo.InvariantCulture)), None);
            all.AddRange(page.Entries);
        }

        Assert.Equal(7, all.Count);
        Assert.Equal(all.OrderByDescending(e => e.Id).Select(e => e.Id), all.Select(e => e.Id));
        Assert.Equal(all.OrderByDescending(e => e.Time).Select(e => e.Time), all.Select(e => e.Time));
        Assert.Equal(3, (await Audit.QueryAsync(new AuditQuery(KeyId: "k1"), None)).Entries.Count);
        var usage = await Audit.GetUsageAsync(None);
        Assert.Equal((4, 7L), (usage.Partitions, usage.Entries));
        Assert.True(usage.EstimatedBytes > 7 * 50, $"{usage.EstimatedBytes} bytes");
    }

    [Fact]
    public async Task Prune_DropsOnlyWholeMonthsBeforeTheCutOff_AndNeverTheNewest()
    {
        await AppendMonthsAsync();

        // The cut-off falls inside March: January and February go, March (and the empty first partition) stays.
        var result = await Audit.PruneAsync(new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero), None);

        Assert.Equal(["0001-01", "2026-01", "2026-02"], result.Dropped.Select(p => p.Month));
        Assert.Equal([0L, 2L, 2L], result.Dropped.Select(p => p.Entries));
        var left = (await Audit.QueryAsync(new AuditQuery(), None)).Entries;
        Assert.Equal(3, left.Count);
        Assert.All(left, e => Assert.True(e.Time >= new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)));

        var everything = await Audit.PruneAsync(January.AddYears(5), None);
        Assert.Empty(everything.Dropped);
        await Audit.AppendAsync([Entry("model.create", "k9", January.AddMonths(3))], None);
        var newest = (await Audit.QueryAsync(new AuditQuery(Limit: 1), None)).Entries[0];
        Assert.True(newest.Id > left.Max(e => e.Id), "Ids go on from the newest partition.");
    }

    // January and February: 2 entries each; March: 3, over two appends.
    private async Task AppendMonthsAsync()
    {
        await Audit.AppendAsync([Entry("model.create", "k1", January), Entry("model.delete", "k2", January.AddDays(1))], None);
        await Audit.AppendAsync([Entry("model.create", "k1", January.AddMonths(1)), Entry("model.delete", "k2", January.AddMonths(1).AddDays(1))], None);
        await Audit.AppendAsync([Entry("model.create", "k1", January.AddMonths(2)), Entry("alias.set", "k2", January.AddMonths(2).AddDays(1))], None);
        await Audit.AppendAsync([Entry("alias.set", "k3", January.AddMonths(2).AddDays(2))], None);
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM audit_partitions ORDER BY first_id;";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(None);
        while (await reader.ReadAsync(None))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(None);
        return connection;
    }
}
