namespace Maas.Storage.Sqlite;

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
        new(4, """
            -- Datasets: CSVs stored as content-addressed blobs, versioned like models. The profile (kind and
            -- statistics of each column) is computed once, at push, and kept as JSON.
            CREATE TABLE datasets (
                id           INTEGER PRIMARY KEY,
                name         TEXT    NOT NULL UNIQUE,
                created      TEXT    NOT NULL,
                -- The highest version number ever given out, so numbers are not reused after deletion.
                last_version INTEGER NOT NULL DEFAULT 0
            ) STRICT;

            CREATE TABLE dataset_versions (
                dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
                version    INTEGER NOT NULL,
                digest     TEXT    NOT NULL,
                size       INTEGER NOT NULL,
                created    TEXT    NOT NULL,
                rows       INTEGER NOT NULL,
                schema     TEXT    NOT NULL,
                PRIMARY KEY (dataset_id, version)
            ) STRICT, WITHOUT ROWID;

            CREATE INDEX dataset_versions_digest ON dataset_versions (digest);

            -- Training jobs. The spec, progress, history and metrics are JSON in the REST API's shape. The dataset
            -- version is pinned at submission; its blob stays referenced while the job is queued or running, and so
            -- does the last checkpoint's.
            CREATE TABLE jobs (
                id              TEXT NOT NULL PRIMARY KEY,
                state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
                spec            TEXT NOT NULL,
                register_model  TEXT NOT NULL,
                dataset         TEXT NOT NULL,
                dataset_version INTEGER NOT NULL,
                dataset_digest  TEXT NOT NULL,
                owner_key_id    TEXT NOT NULL,
                created         TEXT NOT NULL,
                started         TEXT NULL,
                finished        TEXT NULL,
                progress        TEXT NOT NULL,
                history         TEXT NOT NULL DEFAULT '[]',
                metrics         TEXT NULL,
                result_model    TEXT NULL,
                result_version  INTEGER NULL,
                error           TEXT NULL,
                -- The blob of the last checkpoint and the epoch it closes; a restart resumes from it.
                checkpoint       TEXT NULL,
                checkpoint_epoch INTEGER NULL
            ) STRICT, WITHOUT ROWID;

            CREATE INDEX jobs_state ON jobs (state, created);
            CREATE INDEX jobs_created ON jobs (created);

            -- A job's log, append-only like the audit log.
            CREATE TABLE job_logs (
                id      INTEGER PRIMARY KEY,
                job_id  TEXT NOT NULL REFERENCES jobs (id),
                time    TEXT NOT NULL,
                message TEXT NOT NULL
            ) STRICT;

            CREATE INDEX job_logs_job ON job_logs (job_id, id);

            CREATE TRIGGER job_logs_no_update BEFORE UPDATE ON job_logs
            BEGIN
                SELECT RAISE(ABORT, 'job_logs is append-only');
            END;

            -- Lineage of trained versions (NULL for uploads): the job, the dataset version and its digest, the spec
            -- and the metrics, all as the job saw them.
            ALTER TABLE versions ADD COLUMN lineage_job_id TEXT NULL;
            ALTER TABLE versions ADD COLUMN lineage_dataset TEXT NULL;
            ALTER TABLE versions ADD COLUMN lineage_dataset_version INTEGER NULL;
            ALTER TABLE versions ADD COLUMN lineage_dataset_digest TEXT NULL;
            ALTER TABLE versions ADD COLUMN lineage_spec TEXT NULL;
            ALTER TABLE versions ADD COLUMN lineage_metrics TEXT NULL;
            """),
        new(5, """
            -- Failed authentications are written as one line per source and interval: how many attempts the line
            -- stands for, and when the first was (time is the last). A key that appeared where it must not (a path, a
            -- header, a body) is recorded as maas_<id>_*** and its id kept here, so an admin can revoke it.
            ALTER TABLE audit_log ADD COLUMN count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1);
            ALTER TABLE audit_log ADD COLUMN first_time TEXT NULL;
            ALTER TABLE audit_log ADD COLUMN leaked_key TEXT NULL;

            -- The audit log is kept in monthly partitions (audit_log_yyyy_mm, made by SqliteAuditLog as the months
            -- come, each with the same append-only triggers), so an admin can drop whole months past the retention
            -- while no row is ever updated or deleted. Ids go on increasing across partitions: a partition's ids start
            -- at first_id. The table from before partitioning is the first partition, holding its newest row's month
            -- and everything earlier.
            CREATE TABLE audit_partitions (
                name     TEXT    NOT NULL PRIMARY KEY,
                month    TEXT    NOT NULL UNIQUE,
                first_id INTEGER NOT NULL
            ) STRICT, WITHOUT ROWID;

            INSERT INTO audit_partitions (name, month, first_id)
            VALUES ('audit_log', COALESCE((SELECT substr(max(time), 1, 7) FROM audit_log), '0001-01'), 1);
            """),
    ];

    /// <summary>The schema version this code produces and understands.</summary>
    public static int Latest => All[^1].Version;
}
