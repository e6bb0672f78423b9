using System.Globalization;
using Maas.Core;

namespace Maas.Storage.Sqlite;

/// <summary>Brings the metadata schema up to date, one numbered step per transaction, tracked in <c>PRAGMA user_version</c>.</summary>
internal static class SchemaMigrator
{
    /// <summary>
    /// Runs the steps the database has not seen yet and returns how many ran (0 for an up-to-date database). Refuses a
    /// database written by a newer Maas, whose schema this code would misread.
    /// </summary>
    public static async Task<int> MigrateAsync(
        SqliteConnectionFactory connections,
        SemaphoreSlim writeGate,
        IReadOnlyList<Migration> migrations,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new ArgumentException("Migrations must be numbered 1, 2, 3… in order.", nameof(migrations));
            }
        }

        var latest = migrations.Count;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            var current = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            ThrowIfNewer(current, latest);
            if (current == latest)
            {
                return 0;
            }
        }

        var applied = 0;
        foreach (var migration in migrations)
        {
            await using var transaction = await WriteTransaction.BeginAsync(connections, writeGate, cancellationToken);

            // Read again under the write lock: another process opening the same database may have run this step.
            var current = await ReadUserVersionAsync(transaction, cancellationToken);
            ThrowIfNewer(current, latest);
            if (current >= migration.Version)
            {
                continue;
            }

            await using (var command = transaction.Command(migration.Sql))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            // PRAGMA takes no parameters; the value is an integer we own, formatted invariantly.
            var setVersion = "PRAGMA user_version = " + migration.Version.ToString(CultureInfo.InvariantCulture) + ";";
            await using (var command = transaction.Command(setVersion))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            applied++;
        }

        return applied;
    }

    private static void ThrowIfNewer(long current, int latest)
    {
        if (current > latest)
        {
            throw new MaasException(
                ErrorCode.Internal,
                $"The metadata database has schema version {current}, but this Maas knows versions up to {latest}; upgrade Maas or use a database it understands.");
        }
    }

    private static async Task<long> ReadUserVersionAsync(WriteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command("PRAGMA user_version;");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
