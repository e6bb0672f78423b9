using System.Globalization;

namespace Maas.Storage.Sqlite;

/// <summary>
/// Timestamps as stored: ISO 8601 round-trip text in UTC. The "O" format keeps all seven fractional digits, so a value
/// read back equals, tick for tick, the one written; text also stays readable in the sqlite3 shell.
/// </summary>
internal static class StoredTime
{
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
