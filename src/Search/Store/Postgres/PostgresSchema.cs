using Npgsql;

namespace NasLab.Search.Store.Postgres;

/// <summary>
/// The tables naslab keeps in a PostgreSQL database (documented in SCHEMA-POSTGRESQL.md: keep both in step and
/// bump <see cref="Version"/>, with a migration, whenever a table changes). Many experiments share one database.
/// </summary>
internal static class PostgresSchema
{
    public const int Version = 1;

    public const string Ddl = """
        CREATE TABLE naslab_schema (
            version    integer NOT NULL,
            created_at timestamptz(3) NOT NULL DEFAULT now()
        );

        CREATE TABLE naslab_experiments (
            id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name                  text NOT NULL UNIQUE,
            config_yaml           text NOT NULL,
            config_resolved       text NOT NULL,
            config_hash           text NOT NULL,
            dataset_name          text NOT NULL,
            dataset_train_records integer NOT NULL,
            dataset_test_records  integer NOT NULL,
            dataset_sha256        text NOT NULL,
            created_at            timestamptz(3) NOT NULL,
            updated_at            timestamptz(3) NOT NULL,
            status                text NOT NULL CHECK (status IN ('created','running','completed','interrupted','failed')),
            naslab_version        text NOT NULL
        );

        CREATE TABLE naslab_trials (
            experiment_id   integer NOT NULL REFERENCES naslab_experiments(id) ON DELETE CASCADE,
            id              integer NOT NULL CHECK (id >= 1),
            candidate_id    bigint NOT NULL,
            decisions       text NOT NULL,
            architecture    text NOT NULL,
            block_string    text NOT NULL,
            arch_hash       text NOT NULL,
            status          text NOT NULL CHECK (status IN ('queued','running','completed','failed','duplicate')),
            attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            worker          text,
            claimed_at      timestamptz(3),
            heartbeat_at    timestamptz(3),
            told            boolean NOT NULL DEFAULT false,
            accuracy        double precision CHECK (accuracy IS NULL OR (accuracy >= 0 AND accuracy <= 1)),
            val_loss        double precision,
            latency_ms      double precision CHECK (latency_ms IS NULL OR latency_ms > 0),
            latency_mode    text,
            measured_latency_ms double precision CHECK (measured_latency_ms IS NULL OR measured_latency_ms > 0),
            latency_device  text,
            supernet_accuracy double precision CHECK (supernet_accuracy IS NULL OR (supernet_accuracy >= 0 AND supernet_accuracy <= 1)),
            params          bigint,
            macs            bigint,
            reward          double precision,
            train_seconds   double precision,
            latency_seconds double precision,
            images_per_sec  double precision,
            training_curve  text,
            error           text,
            duplicate_of    integer,
            started_at      timestamptz(3) NOT NULL,
            finished_at     timestamptz(3),
            PRIMARY KEY (experiment_id, id),
            FOREIGN KEY (experiment_id, duplicate_of) REFERENCES naslab_trials(experiment_id, id),
            CHECK ((status IN ('completed','failed','duplicate')) = (finished_at IS NOT NULL)),
            CHECK (status NOT IN ('completed','duplicate') OR (accuracy IS NOT NULL AND latency_ms IS NOT NULL AND reward IS NOT NULL)),
            CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL)),
            CHECK (status <> 'running' OR (worker IS NOT NULL AND heartbeat_at IS NOT NULL AND attempts >= 1)),
            CHECK (NOT told OR status IN ('completed','failed','duplicate'))
        );
        -- Claim takes the lowest queued id: this index holds exactly the queue.
        CREATE INDEX naslab_trials_queue ON naslab_trials(experiment_id, id) WHERE status = 'queued';
        CREATE INDEX naslab_trials_status ON naslab_trials(experiment_id, status);
        CREATE INDEX naslab_trials_arch_hash ON naslab_trials(experiment_id, arch_hash, status);

        CREATE TABLE naslab_checkpoints (
            experiment_id integer NOT NULL REFERENCES naslab_experiments(id) ON DELETE CASCADE,
            seq           bigint GENERATED ALWAYS AS IDENTITY,
            after_trial   integer NOT NULL CHECK (after_trial >= 0),
            blob          bytea NOT NULL,
            created_at    timestamptz(3) NOT NULL,
            PRIMARY KEY (experiment_id, seq)
        );

        CREATE TABLE naslab_workers (
            experiment_id  integer NOT NULL REFERENCES naslab_experiments(id) ON DELETE CASCADE,
            name           text NOT NULL,
            first_seen     timestamptz(3) NOT NULL,
            last_heartbeat timestamptz(3) NOT NULL,
            current_trial  integer,
            PRIMARY KEY (experiment_id, name)
        );

        CREATE TABLE naslab_runs (
            experiment_id         integer NOT NULL REFERENCES naslab_experiments(id) ON DELETE CASCADE,
            seq                   bigint GENERATED ALWAYS AS IDENTITY,
            role                  text NOT NULL,
            process               text NOT NULL,
            started_at            timestamptz(3) NOT NULL,
            naslab_version        text NOT NULL,
            torchsharp_version    text NOT NULL,
            libtorch_version      text NOT NULL,
            onnxruntime_version   text NOT NULL,
            torch_threads         integer NOT NULL,
            logical_cores         integer NOT NULL,
            os                    text NOT NULL,
            dataset_name          text NOT NULL,
            dataset_train_records integer NOT NULL,
            dataset_test_records  integer NOT NULL,
            dataset_sha256        text NOT NULL,
            PRIMARY KEY (experiment_id, seq)
        );
        """;

    /// <summary>
    /// Nullable columns added to version 1 after it first shipped: a database created before them gets them (NULL in
    /// its old rows) the next time naslab opens it, so no version bump is needed for them.
    /// </summary>
    private const string AddedColumns = """
        ALTER TABLE naslab_trials ADD COLUMN IF NOT EXISTS measured_latency_ms double precision CHECK (measured_latency_ms IS NULL OR measured_latency_ms > 0);
        ALTER TABLE naslab_trials ADD COLUMN IF NOT EXISTS latency_device text;
        ALTER TABLE naslab_trials ADD COLUMN IF NOT EXISTS supernet_accuracy double precision CHECK (supernet_accuracy IS NULL OR (supernet_accuracy >= 0 AND supernet_accuracy <= 1));
        """;

    /// <summary>
    /// Creates the tables when the database has none, under a transaction-scoped advisory lock so that several
    /// processes starting at once on a fresh database create them exactly once (the others wait, then find them).
    /// Throws when the database holds another schema version.
    /// </summary>
    public static void EnsureCreated(NpgsqlConnection connection, PostgresLocation at)
    {
        using var tx = connection.BeginTransaction();
        using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx))
        {
            lockCmd.Parameters.AddWithValue("key", AdvisoryLocks.SchemaKey);
            lockCmd.ExecuteNonQuery();
        }
        if (ReadVersion(connection, tx) is { } version)
        {
            Require(version, at);
            // ALTER TABLE locks the table even when it changes nothing, so it runs only when a column is missing.
            using (var missing = new NpgsqlCommand(
                       "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'naslab_trials' " +
                       "AND column_name IN ('measured_latency_ms', 'latency_device', 'supernet_accuracy')", connection, tx))
                if (Convert.ToInt32(missing.ExecuteScalar()) < 3)
                    using (var added = new NpgsqlCommand(AddedColumns, connection, tx)) added.ExecuteNonQuery();
            tx.Commit();
            return;
        }
        using (var ddl = new NpgsqlCommand(Ddl, connection, tx)) ddl.ExecuteNonQuery();
        using (var insert = new NpgsqlCommand("INSERT INTO naslab_schema(version) VALUES (@v)", connection, tx))
        {
            insert.Parameters.AddWithValue("v", Version);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>The stored schema version; null when naslab has never created its tables in this database.</summary>
    public static int? ReadVersion(NpgsqlConnection connection, NpgsqlTransaction? tx = null)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass('naslab_schema') IS NOT NULL", connection, tx);
        if (!(bool)exists.ExecuteScalar()!) return null;
        using var read = new NpgsqlCommand("SELECT version FROM naslab_schema", connection, tx);
        var versions = new List<int>();
        using (var r = read.ExecuteReader())
            while (r.Read()) versions.Add(r.GetInt32(0));
        return versions.Count == 1
            ? versions[0]
            : throw new TrialStoreException($"table naslab_schema should hold exactly one row, it holds {versions.Count}");
    }

    public static void Require(int version, PostgresLocation at)
    {
        if (version != Version)
        {
            throw new TrialStoreException(
                $"{at.Display}: naslab schema version {version} is not supported by naslab {NasLabVersion.Current} (expects {Version}); " +
                "use a naslab version that matches this database, or another database");
        }
    }
}
