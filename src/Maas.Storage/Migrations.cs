namespace Maas.Storage;

/// <summary>
/// The metadata schema as an ordered list of steps. A step, once released, is never edited: a change to the schema is
/// a new step appended at the end, so every database reaches the same shape whatever version it started from.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, """
            CREATE TABLE models (
                id           INTEGER PRIMARY KEY,
                name         TEXT    NOT NULL UNIQUE,
                description  TEXT    NOT NULL DEFAULT '',
                tags         TEXT    NOT NULL DEFAULT '{}',
                labels       TEXT    NULL,
                created      TEXT    NOT NULL,
                updated      TEXT    NOT NULL,
                -- The highest version number ever given out; deleting versions never lowers it, so numbers are not reused.
                last_version INTEGER NOT NULL DEFAULT 0
            ) STRICT;

            CREATE TABLE versions (
                model_id  INTEGER NOT NULL REFERENCES models (id),
                version   INTEGER NOT NULL,
                digest    TEXT    NOT NULL,
                size      INTEGER NOT NULL,
                created   TEXT    NOT NULL,
                signature TEXT    NOT NULL,
                PRIMARY KEY (model_id, version)
            ) STRICT, WITHOUT ROWID;

            CREATE INDEX versions_digest ON versions (digest);

            CREATE TABLE aliases (
                model_id INTEGER NOT NULL,
                alias    TEXT    NOT NULL,
                version  INTEGER NOT NULL,
                PRIMARY KEY (model_id, alias),
                FOREIGN KEY (model_id, version) REFERENCES versions (model_id, version)
            ) STRICT, WITHOUT ROWID;

            -- Deleting a version checks the foreign key from aliases; without this index that check scans the table.
            CREATE INDEX aliases_target ON aliases (model_id, version);
            """),
        new(2, """
            -- Serving settings (batching, instances, threads) as JSON; NULL means the defaults.
            ALTER TABLE models ADD COLUMN serving_config TEXT NULL;
            """),
    ];

    /// <summary>The schema version this code produces and understands.</summary>
    public static int Latest => All[^1].Version;
}
