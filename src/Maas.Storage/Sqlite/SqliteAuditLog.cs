using System.Globalization;
using System.Text;
using Maas.Core.Security;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>
/// The audit log on SQLite: one table per month (<c>audit_log_yyyy_mm</c>, listed in <c>audit_partitions</c>), each
/// append-only by its triggers; reads walk the partitions newest first, so paging by id works as on one table.
/// </summary>
internal sealed partial class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    private const string Columns = "id, time, key_id, action, target, outcome, remote_address, detail, count, first_time, leaked_key";

    /// <inheritdoc />
    /// <remarks>
    /// An entry goes to the partition of its month, made when the first entry of a month arrives; an entry older than
    /// the newest partition's month (a clock set back, a batch across midnight) goes to the newest partition, so a
    /// partition never holds an entry from after its month and dropping it by its month is safe.
    /// </remarks>
    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        var latest = (await ReadPartitionsAsync(transaction.Command, cancellationToken))[0];
        var next = await NextIdAsync(transaction, latest, cancellationToken);
        foreach (var entry in entries)
        {
            var month = Month(entry.Time);
            if (string.CompareOrdinal(month, latest.Month) > 0)
            {
                latest = new Partition(TableName(month), month, next);
                await CreatePartitionAsync(transaction, latest, cancellationToken);
            }

            await using var insert = transaction.Command($"""
                INSERT INTO {latest.Name} ({Columns})
                VALUES ($id, $time, $key, $action, $target, $outcome, $remote, $detail, $count, $first, $leaked);
                """);
            insert.With("$id", next++)
                .With("$time", StoredTime.Format(entry.Time))
                .With("$key", entry.KeyId)
                .With("$action", entry.Action)
                .With("$target", entry.Target)
                .With("$outcome", entry.Outcome == AuditOutcome.Success ? "success" : "failure")
                .With("$remote", entry.RemoteAddress)
                .With("$detail", entry.Detail)
                .With("$count", Math.Max(1, entry.Count))
                .With("$first", entry.FirstTime is { } first ? StoredTime.Format(first) : null)
                .With("$leaked", entry.LeakedKey);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Only the filters given become conditions, so each partition's indexes on (key_id, id) and (action, id) serve a
    /// filtered read; paging is by id, newest first, and a partition whose ids are all past the page token is skipped.
    /// </remarks>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditQuery.MaxLimit);

        await using var connection = await database.OpenReadAsync(cancellationToken);
        var entries = new List<AuditEntry>(Math.Min(query.Limit + 1, 256));
        foreach (var partition in await ReadPartitionsAsync(connection.Command, cancellationToken))
        {
            if (query.Before is { } before && partition.FirstId >= before)
            {
                continue;
            }

            await ReadAsync(connection, partition.Name, query, query.Limit + 1 - entries.Count, entries, cancellationToken);
            if (entries.Count > query.Limit)
            {
                break;
            }
        }

        // One row more than asked for says older entries exist, without a second query.
        if (entries.Count <= query.Limit)
        {
            return new AuditPage(entries, null);
        }

        entries.RemoveAt(query.Limit);
        return new AuditPage(entries, entries[^1].Id.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task ReadAsync(SqliteConnection connection, string table, AuditQuery query, int limit, List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM {table} WHERE 1 = 1");
        if (query.Action is { Length: > 0 } prefix && prefix.EndsWith('*'))
        {
            sql.Append(" AND action >= $from AND action < $to");
            var stem = prefix[..^1];
            command.With("$from", stem).With("$to", SqliteDialect.PrefixUpperBound(stem));
        }
        else if (query.Action is not null)
        {
            sql.Append(" AND action = $action");
            command.With("$action", query.Action);
        }

        if (query.KeyId is not null)
        {
            sql.Append(" AND key_id = $key");
            command.With("$key", query.KeyId);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND time >= $since");
            command.With("$since", StoredTime.Format(since));
        }

        if (query.Before is { } before)
        {
            sql.Append(" AND id < $before");
            command.With("$before", before);
        }

        sql.Append(" ORDER BY id DESC LIMIT $limit;");
        command.With("$limit", limit);
        command.CommandText = sql.ToString();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }
    }

    private static AuditEntry ReadEntry(SqliteDataReader row) => new(
        Id: row.GetInt64(0),
        Time: StoredTime.Parse(row.GetString(1)),
        KeyId: row.IsDBNull(2) ? null : row.GetString(2),
        Action: row.GetString(3),
        Target: row.IsDBNull(4) ? null : row.GetString(4),
        Outcome: row.GetString(5) == "success" ? AuditOutcome.Success : AuditOutcome.Failure,
        RemoteAddress: row.IsDBNull(6) ? null : row.GetString(6),
        Detail: row.IsDBNull(7) ? null : row.GetString(7),
        Count: row.GetInt64(8),
        FirstTime: row.IsDBNull(9) ? null : StoredTime.Parse(row.GetString(9)),
        LeakedKey: row.IsDBNull(10) ? null : row.GetString(10));
}
