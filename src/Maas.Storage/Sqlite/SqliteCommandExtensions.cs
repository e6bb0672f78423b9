using Microsoft.Data.Sqlite;

namespace Maas.Storage.Sqlite;

/// <summary>Small helpers that keep the store's queries to one expression each.</summary>
internal static class SqliteCommandExtensions
{
    /// <summary>Creates a command on a connection that has no transaction open.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Binds a parameter; <c>null</c> becomes SQL NULL.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
