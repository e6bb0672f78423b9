using System.Globalization;
using System.Text;
using Maas.Core.Security;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>The audit log on SQLite: the <c>audit_log</c> table, append-only by its triggers.</summary>
internal sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using var transaction = await database.BeginWriteAsync(cancellationToken);
        await using var insert = transaction.Command("""
            INSERT INTO audit_log (time, key_id, action, target, outcome, remote_address, detail, count, first_time, leaked_key)
            VALUES ($time, $key, $action, $target, $outcome, $remote, $detail, $count, $first, $leaked);
            """);
        var time = insert.Parameters.Add("$time", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var action = insert.Parameters.Add("$action", SqliteType.Text);
        var target = insert.Parameters.Add("$target", SqliteType.Text);
        var outcome = insert.Parameters.Add("$outcome", SqliteType.Text);
        var remote = insert.Parameters.Add("$remote", SqliteType.Text);
        var detail = insert.Parameters.Add("$detail", SqliteType.Text);
        var count = insert.Parameters.Add("$count", SqliteType.Integer);
        var first = insert.Parameters.Add("$first", SqliteType.Text);
        var leaked = insert.Parameters.Add("$leaked", SqliteType.Text);
        foreach (var entry in entries)
        {
            time.Value = StoredTime.Format(entry.Time);
            key.Value = (object?)entry.KeyId ?? DBNull.Value;
            action.Value = entry.Action;
            target.Value = (object?)entry.Target ?? DBNull.Value;
            outcome.Value = entry.Outcome == AuditOutcome.Success ? "success" : "failure";
            remote.Value = (object?)entry.RemoteAddress ?? DBNull.Value;
            detail.Value = (object?)entry.Detail ?? DBNull.Value;
            count.Value = Math.Max(1, entry.Count);
            first.Value = entry.FirstTime is { } firstTime ? StoredTime.Format(firstTime) : DBNull.Value;
            leaked.Value = (object?)entry.LeakedKey ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Only the filters given become conditions, so the indexes on (key_id, id) and (action, id) serve a filtered
    /// read; paging is by id, newest first.
    /// </remarks>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditQuery.MaxLimit);

        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT id, time, key_id, action, target, outcome, remote_address, detail, count, first_time, leaked_key FROM audit_log WHERE 1 = 1");
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
        command.With("$limit", query.Limit + 1);
        command.CommandText = sql.ToString();

        var entries = new List<AuditEntry>(Math.Min(query.Limit + 1, 256));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(ReadEntry(reader));
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
