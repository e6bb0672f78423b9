namespace Maas.Storage.Sqlite;

/// <summary>
/// The constructs the SQLite stores write in SQLite's own way, each named once here so that a port to another
/// database (PostgreSQL next) sees what to say differently, and finds no other SQLite-ism in the stores' queries.
/// </summary>
/// <remarks>
/// <para>Elsewhere, and deliberately the same in PostgreSQL, so a port keeps the statements' shape:</para>
/// <list type="bullet">
/// <item>Upserts are <c>INSERT … ON CONFLICT (…) DO UPDATE SET … = excluded.…</c>; a taken name or id is detected as
/// <c>ON CONFLICT DO NOTHING</c> returning no row, never by catching a unique-violation error.</item>
/// <item>New ids and counters come back with <c>RETURNING</c>, never <c>last_insert_rowid()</c>.</item>
/// <item>Paging is by key (<c>WHERE name &gt; $after ORDER BY name LIMIT $limit</c>, one row more than the page),
/// never by offset.</item>
/// </list>
/// <para>What differs and lives elsewhere, equally small: parameters are written <c>$name</c> (Npgsql wants
/// <c>@name</c>); times are stored by <see cref="StoredTime"/>; the schema is <see cref="Migrations"/>; connections,
/// pragmas and the write lock are <see cref="SqliteDatabase"/> and <see cref="WriteTransaction"/>.</para>
/// </remarks>
internal static class SqliteDialect
{
    /// <summary>
    /// Reads a boolean scalar such as <c>SELECT EXISTS (…)</c>. SQLite has no boolean type and returns the integer 0
    /// or 1; PostgreSQL returns a <c>boolean</c>.
    /// </summary>
    public static bool IsTrue(object? scalar) => (long)scalar! != 0;

    /// <summary>
    /// A JSON object aggregated over the rows of a subquery: <c>{}</c> for no rows. PostgreSQL's
    /// <c>json_object_agg</c> returns NULL for no rows, so it needs a <c>COALESCE(…, '{}')</c>.
    /// </summary>
    public static string JsonObjectOf(string key, string value) => $"json_group_object({key}, {value})";

    /// <summary>
    /// A JSON array aggregated over the rows of a subquery: <c>[]</c> for no rows. PostgreSQL's <c>json_agg</c>
    /// returns NULL for no rows, so it needs a <c>COALESCE(…, '[]')</c>.
    /// </summary>
    public static string JsonArrayOf(string value) => $"json_group_array({value})";

    /// <summary>
    /// The exclusive upper bound of the text values starting with <paramref name="prefix"/>, so a prefix match is a
    /// range an index serves (<c>x &gt;= prefix AND x &lt; bound</c>). It relies on text comparing by code unit, which
    /// is SQLite's default (BINARY) collation, and which the keyset paging by name relies on too; in PostgreSQL those
    /// columns need <c>COLLATE "C"</c>.
    /// </summary>
    public static string PrefixUpperBound(string prefix) => prefix + char.MaxValue;
}
