using Microsoft.Data.Sqlite;

namespace NasLab.Search.Store;

/// <summary>
/// DDL of the trial database. Documented for users in <c>SCHEMA.md</c>; keep both in step and bump
/// <see cref="Version"/> (with a migration) whenever a table changes.
/// </summary>
internal static class StoreSchema
{
    public const int Version = 1;

    public const string Ddl = """
        CREATE TABLE metadata (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE experiment (
            id              INTEGER PRIMARY KEY CHECK (id = 1),
            name            TEXT NOT NULL,
            config_yaml     TEXT NOT NULL,
            config_resolved TEXT NOT NULL,
            config_hash     TEXT NOT NULL,
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL,
            status          TEXT NOT NULL CHECK (status IN ('created','running','completed','interrupted','failed')),
            naslab_version  TEXT NOT NULL
        );

        CREATE TABLE trials (
            id              INTEGER PRIMARY KEY CHECK (id >= 1),
            decisions       TEXT NOT NULL,
            architecture    TEXT NOT NULL,
            block_string    TEXT NOT NULL,
            arch_hash       TEXT NOT NULL,
            status          TEXT NOT NULL CHECK (status IN ('running','completed','failed','duplicate')),
            accuracy        REAL CHECK (accuracy IS NULL OR (accuracy >= 0 AND accuracy <= 1)),
            val_loss        REAL,
            latency_ms      REAL CHECK (latency_ms IS NULL OR latency_ms > 0),
            latency_mode    TEXT,
            params          INTEGER,
            macs            INTEGER,
            reward          REAL,
            train_seconds   REAL,
            latency_seconds REAL,
            images_per_sec  REAL,
            training_curve  TEXT,
            error           TEXT,
            duplicate_of    INTEGER REFERENCES trials(id),
            started_at      TEXT NOT NULL,
            finished_at     TEXT,
            -- A finished trial always has a finish time; a completed one always has its metrics.
            CHECK ((status = 'running') = (finished_at IS NULL)),
            CHECK (status NOT IN ('completed','duplicate') OR (accuracy IS NOT NULL AND latency_ms IS NOT NULL AND reward IS NOT NULL)),
            CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL))
        );
        CREATE INDEX trials_arch_hash ON trials(arch_hash, status);
        CREATE INDEX trials_status ON trials(status);

        CREATE TABLE strategy_checkpoints (
            after_trial INTEGER PRIMARY KEY REFERENCES trials(id) ON DELETE CASCADE,
            blob        BLOB NOT NULL,
            created_at  TEXT NOT NULL
        );
        """;

    /// <summary>Connection settings every writer and reader applies.</summary>
    public static void ApplyPragmas(SqliteConnection connection, bool readOnly)
    {
        using var cmd = connection.CreateCommand();
        // busy_timeout: readers and the writer wait for each other briefly instead of failing.
        // WAL: readers never block the writer and see only committed transactions.
        // synchronous=FULL: a committed trial survives even an OS crash; a trial takes minutes, an fsync microseconds.
        cmd.CommandText = readOnly
            ? "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;"
            : "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        cmd.ExecuteNonQuery();
    }
}
