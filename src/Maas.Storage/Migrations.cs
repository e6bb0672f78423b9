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
        new(3, """
            -- API keys: the SHA-256 of the secret, never the secret. Keys are revoked, never deleted, so an id always
            -- means one key in the audit log.
            CREATE TABLE api_keys (
                id            TEXT NOT NULL PRIMARY KEY,
                secret_sha256 BLOB NOT NULL CHECK (length(secret_sha256) = 32),
                role          TEXT NOT NULL CHECK (role IN ('consumer', 'publisher', 'admin')),
                scopes        TEXT NOT NULL,
                description   TEXT NOT NULL DEFAULT '',
                created       TEXT NOT NULL,
                expires       TEXT NULL,
                revoked       TEXT NULL
            ) STRICT, WITHOUT ROWID;

            CREATE TRIGGER api_keys_no_delete BEFORE DELETE ON api_keys
            BEGIN
                SELECT RAISE(ABORT, 'api_keys rows are revoked, never deleted');
            END;

            -- Only revocation changes a key; its secret, role and scopes stay what they were when it was handed out.
            CREATE TRIGGER api_keys_immutable BEFORE UPDATE OF id, secret_sha256, role, scopes, description, created, expires ON api_keys
            BEGIN
                SELECT RAISE(ABORT, 'api_keys rows are immutable except for revocation');
            END;

            -- The audit log is append-only: the triggers make UPDATE and DELETE fail, whoever issues them.
            CREATE TABLE audit_log (
                id             INTEGER PRIMARY KEY,
                time           TEXT    NOT NULL,
                key_id         TEXT    NULL,
                action         TEXT    NOT NULL,
                target         TEXT    NULL,
                outcome        TEXT    NOT NULL CHECK (outcome IN ('success', 'failure')),
                remote_address TEXT    NULL,
                detail         TEXT    NULL
            ) STRICT;

            CREATE INDEX audit_log_key ON audit_log (key_id, id);
            CREATE INDEX audit_log_action ON audit_log (action, id);

            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN
                SELECT RAISE(ABORT, 'audit_log is append-only');
            END;

            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN
                SELECT RAISE(ABORT, 'audit_log is append-only');
            END;
            """),
    ];

    /// <summary>The schema version this code produces and understands.</summary>
    public static int Latest => All[^1].Version;
}
