using Maas.Core;
using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>The checks and settings applied once when the metadata database is opened.</summary>
internal static class DatabaseChecks
{
    private const int MaxReportedProblems = 5;

    /// <summary>
    /// Switches the database to write-ahead logging. The mode is stored in the file, so this is needed once, but
    /// asking again is cheap and repairs a file someone switched back.
    /// </summary>
    public static async Task EnableWriteAheadLogAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new MaasException(
                ErrorCode.Internal, $"The metadata database could not be switched to write-ahead logging; its journal mode is '{mode}'.");
        }
    }

    /// <summary>
    /// Runs <c>PRAGMA quick_check</c> (the O(N) check, without verifying index contents against tables) and refuses a
    /// damaged database rather than serving, and writing into, corrupt metadata.
    /// </summary>
    public static async Task CheckIntegrityAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA quick_check;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                problems.Add(reader.GetString(0));
            }
        }

        if (problems is not ["ok"])
        {
            throw IntegrityFailure(string.Join("; ", problems.Take(MaxReportedProblems)));
        }
    }

    /// <summary>The error for a database that fails its check or that SQLite reports as corrupt.</summary>
    public static MaasException IntegrityFailure(string details, Exception? innerException = null)
    {
        var message = "The metadata database failed its integrity check: " + details;
        return innerException is null
            ? new MaasException(ErrorCode.Internal, message)
            : new MaasException(ErrorCode.Internal, message, innerException);
    }
}
