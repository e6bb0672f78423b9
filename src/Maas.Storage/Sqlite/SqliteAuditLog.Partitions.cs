using System.Globalization;
using Maas.Core.Security;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

internal sealed partial class SqliteAuditLog
{
    // How many of the newest entries the size estimate averages over.
    private const int SizeSample = 256;

    /// <inheritdoc />
    public async Task<AuditPruneResult> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        var partitions = await ReadPartitionsAsync(transaction.Command, cancellationToken);
        var dropped = new List<AuditPartitionInfo>();

        // Never the newest: the next id is read from it. Oldest first, so the answer reads in order.
        foreach (var partition in partitions.Skip(1).Reverse())
        {
            if (End(partition.Month) > before)
            {
                continue;
            }

            var entries = await EntriesAsync(transaction.Command, partition, cancellationToken);
            await using var drop = transaction.Command($"DROP TABLE {partition.Name}; DELETE FROM audit_partitions WHERE name = $name;");
            await drop.With("$name", partition.Name).ExecuteNonQueryAsync(cancellationToken);
            dropped.Add(new AuditPartitionInfo(partition.Month, entries));
        }

        await transaction.CommitAsync(cancellationToken);
        return new AuditPruneResult(before, dropped);
    }

    /// <inheritdoc />
    public async Task<AuditLogUsage> GetUsageAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        var partitions = await ReadPartitionsAsync(connection.Command, cancellationToken);
        long entries = 0, averageBytes = 0;
        foreach (var partition in partitions)
        {
            var count = await EntriesAsync(connection.Command, partition, cancellationToken);
            if (count > 0 && averageBytes == 0)
            {
                await using var sample = connection.Command($"""
                    SELECT coalesce(avg(length(time) + coalesce(length(key_id), 0) + length(action) + coalesce(length(target), 0)
                        + length(outcome) + coalesce(length(remote_address), 0) + coalesce(length(detail), 0)
                        + coalesce(length(first_time), 0) + coalesce(length(leaked_key), 0) + 16), 0)
                    FROM (SELECT * FROM {partition.Name} ORDER BY id DESC LIMIT {SizeSample});
                    """);
                averageBytes = (long)Math.Ceiling(Convert.ToDouble(await sample.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture));
            }

            entries += count;
        }

        return new AuditLogUsage(partitions.Count, entries, entries * averageBytes);
    }

    // Ids in a partition are consecutive (assigned here, never deleted), so its count is read off its newest id.
    private static async Task<long> EntriesAsync(Func<string, SqliteCommand> command, Partition partition, CancellationToken cancellationToken)
    {
        await using var max = command($"SELECT coalesce(max(id) - $first + 1, 0) FROM {partition.Name};").With("$first", partition.FirstId);
        return Convert.ToInt64(await max.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<long> NextIdAsync(WriteTransaction transaction, Partition latest, CancellationToken cancellationToken)
    {
        await using var max = transaction.Command($"SELECT coalesce(max(id), $first - 1) + 1 FROM {latest.Name};").With("$first", latest.FirstId);
        return Convert.ToInt64(await max.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The partitions, newest first; there is always at least one. An empty partition shares its first id with the next
    /// one, so the month breaks the tie.
    /// </summary>
    private static async Task<List<Partition>> ReadPartitionsAsync(Func<string, SqliteCommand> command, CancellationToken cancellationToken)
    {
        await using var list = command("SELECT name, month, first_id FROM audit_partitions ORDER BY first_id DESC, month DESC;");
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        var partitions = new List<Partition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            partitions.Add(new Partition(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return partitions;
    }

    // The name comes from a formatted date only, never from input, so it can be part of the statement.
    private static async Task CreatePartitionAsync(WriteTransaction transaction, Partition partition, CancellationToken cancellationToken)
    {
        var name = partition.Name;
        await using var create = transaction.Command($"""
            CREATE TABLE {name} (
                id             INTEGER PRIMARY KEY,
                time           TEXT    NOT NULL,
                key_id         TEXT    NULL,
                action         TEXT    NOT NULL,
                target         TEXT    NULL,
                outcome        TEXT    NOT NULL CHECK (outcome IN ('success', 'failure')),
                remote_address TEXT    NULL,
                detail         TEXT    NULL,
                count          INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
                first_time     TEXT    NULL,
                leaked_key     TEXT    NULL
            ) STRICT;

            CREATE INDEX {name}_key ON {name} (key_id, id);
            CREATE INDEX {name}_action ON {name} (action, id);

            CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {name}
            BEGIN
                SELECT RAISE(ABORT, 'audit_log is append-only');
            END;

            CREATE TRIGGER {name}_no_delete BEFORE DELETE ON {name}
            BEGIN
                SELECT RAISE(ABORT, 'audit_log is append-only');
            END;

            INSERT INTO audit_partitions (name, month, first_id) VALUES ($name, $month, $first);
            """);
        await create.With("$name", name).With("$month", partition.Month).With("$first", partition.FirstId).ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Month(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string TableName(string month) => "audit_log_" + month.Replace('-', '_');

    // The first instant after the month: every entry of the partition is older.
    private static DateTimeOffset End(string month) =>
        DateTimeOffset.ParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddMonths(1);

    private sealed record Partition(string Name, string Month, long FirstId);
}
