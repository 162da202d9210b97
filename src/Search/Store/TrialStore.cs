using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NasLab.Search.Store;

/// <summary>
/// The SQLite database of one experiment (<c>&lt;output_dir&gt;/&lt;name&gt;/trials.db</c>, schema in SCHEMA.md).
/// A writable store holds an exclusive process lock; any number of read-only stores (the <c>trials</c>,
/// <c>show</c>, <c>pareto</c> commands) may read concurrently and only ever see committed trials.
/// Every write is one transaction; a trial's result and the strategy checkpoint taken after it commit
/// together, so killing the process at any instant loses at most the trial in flight.
/// </summary>
public sealed class TrialStore : IDisposable
{
    /// <summary>How many strategy checkpoints are kept; older ones are pruned in the same transaction.</summary>
    public const int CheckpointsKept = 10;

    private readonly SqliteConnection _connection;
    private readonly WriterLock? _lock;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();

    private TrialStore(string path, SqliteConnection connection, WriterLock? writerLock, TimeProvider clock)
    {
        Path = path;
        _connection = connection;
        _lock = writerLock;
        _clock = clock;
    }

    public string Path { get; }

    public bool IsReadOnly => _lock is null;

    /// <summary>Test seam: called with a step name before each statement of a write transaction; throwing aborts it.</summary>
    internal Action<string>? BeforeWriteStep { get; set; }

    /// <summary>Creates a new database; fails if one already exists at <paramref name="path"/>.</summary>
    public static TrialStore Create(string path, ExperimentIdentity identity, TimeProvider? clock = null)
    {
        if (File.Exists(path)) throw new TrialStoreException($"{path}: a trial database already exists here");
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var store = OpenWritable(path, clock ?? TimeProvider.System, create: true);
        try
        {
            store.Initialize(identity);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing database for writing. When <paramref name="expectedConfigHash"/> differs from the stored
    /// hash this fails unless <paramref name="force"/> is set, in which case <paramref name="identity"/> (required
    /// then) replaces the stored config.
    /// </summary>
    public static TrialStore Open(string path, string? expectedConfigHash = null, bool force = false,
        ExperimentIdentity? identity = null, TimeProvider? clock = null)
    {
        RequireExisting(path);
        var store = OpenWritable(path, clock ?? TimeProvider.System, create: false);
        try
        {
            store.CheckSchemaVersion();
            var stored = store.GetExperiment();
            if (expectedConfigHash is not null && expectedConfigHash != stored.ConfigHash)
            {
                if (!force)
                {
                    throw new TrialStoreException(
                        $"{path}: this experiment was created from a different configuration " +
                        $"(stored config hash {stored.ConfigHash[..12]}, given {expectedConfigHash[..Math.Min(12, expectedConfigHash.Length)]}); " +
                        "use a new experiment name, or pass --force to continue with the new configuration");
                }
                store.ReplaceConfig(identity ?? throw new ArgumentNullException(nameof(identity), "force needs the new identity"));
            }
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Opens for reading only; safe while another process is writing.</summary>
    public static TrialStore OpenReadOnly(string path)
    {
        RequireExisting(path);
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly));
        var store = new TrialStore(path, connection, null, TimeProvider.System);
        try
        {
            connection.Open();
            StoreSchema.ApplyPragmas(connection, readOnly: true);
            store.CheckSchemaVersion();
            return store;
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw new TrialStoreException($"{path}: not a readable naslab trial database ({e.Message})", e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Accepts either a database file or an experiment directory holding <c>trials.db</c>.</summary>
    public static string ResolveDatabasePath(string dirOrDb) =>
        Directory.Exists(dirOrDb) ? System.IO.Path.Combine(dirOrDb, "trials.db") : dirOrDb;

    private static void RequireExisting(string path)
    {
        if (Directory.Exists(path))
            throw new TrialStoreException($"{path}: is a directory; give the trials.db file inside it");
        if (!File.Exists(path)) throw new TrialStoreException($"{path}: no such trial database");
    }

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        // Pooling would keep the file open after Dispose, which breaks deleting or moving an experiment directory.
        Pooling = false,
    }.ToString();

    private static TrialStore OpenWritable(string path, TimeProvider clock, bool create)
    {
        var writerLock = WriterLock.Acquire(path);
        var connection = new SqliteConnection(ConnectionString(path, create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite));
        var store = new TrialStore(path, connection, writerLock, clock);
        try
        {
            connection.Open();
            StoreSchema.ApplyPragmas(connection, readOnly: false);
            return store;
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw new TrialStoreException($"{path}: cannot open the trial database ({e.Message})", e);
        }
    }

    private void Initialize(ExperimentIdentity identity)
    {
        var now = Now();
        Write(tx =>
        {
            Exec(tx, "schema", StoreSchema.Ddl);
            Exec(tx, "metadata", "INSERT INTO metadata(key, value) VALUES ('schema_version', $v)", ("$v", StoreSchema.Version.ToString()));
            Exec(tx, "experiment",
                "INSERT INTO experiment(id, name, config_yaml, config_resolved, config_hash, created_at, updated_at, status, naslab_version) " +
                "VALUES (1, $name, $yaml, $resolved, $hash, $now, $now, 'created', $version)",
                ("$name", identity.Name), ("$yaml", identity.ConfigYaml), ("$resolved", identity.ResolvedConfigYaml),
                ("$hash", identity.ConfigHash), ("$now", now), ("$version", NasLabVersion.Current));
        });
    }

    private void CheckSchemaVersion()
    {
        string? version;
        try
        {
            version = Scalar("SELECT value FROM metadata WHERE key = 'schema_version'") as string;
        }
        catch (SqliteException e)
        {
            throw new TrialStoreException($"{Path}: not a naslab trial database ({e.Message})", e);
        }
        if (version != StoreSchema.Version.ToString())
        {
            throw new TrialStoreException(
                $"{Path}: database schema version {version ?? "(none)"} is not supported by naslab {NasLabVersion.Current} (expects {StoreSchema.Version})");
        }
    }

    private void ReplaceConfig(ExperimentIdentity identity) => Write(tx => Exec(tx, "experiment",
        "UPDATE experiment SET name = $name, config_yaml = $yaml, config_resolved = $resolved, config_hash = $hash, updated_at = $now",
        ("$name", identity.Name), ("$yaml", identity.ConfigYaml), ("$resolved", identity.ResolvedConfigYaml),
        ("$hash", identity.ConfigHash), ("$now", Now())));

    /// <summary>
    /// The experiment row. A read-only store reports a stored <c>running</c> as <c>interrupted</c> when no
    /// process holds the writer lock: a search killed outright (SIGKILL, power loss) never records that it
    /// stopped, and the next resume's <see cref="RecoverAfterCrash"/> would mark it so anyway.
    /// </summary>
    public ExperimentInfo GetExperiment()
    {
        var stored = GetStoredExperiment();
        return stored.Status == ExperimentStatus.Running && IsReadOnly && !WriterLock.IsHeld(Path)
            ? stored with { Status = ExperimentStatus.Interrupted }
            : stored;
    }

    private ExperimentInfo GetStoredExperiment()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT name, config_yaml, config_resolved, config_hash, created_at, updated_at, status, naslab_version FROM experiment";
            using var r = cmd.ExecuteReader();
            if (!r.Read()) throw new TrialStoreException($"{Path}: the experiment row is missing");
            return new ExperimentInfo(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                Timestamps.FromDb(r.GetString(4)), Timestamps.FromDb(r.GetString(5)),
                StatusNames.ParseExperimentStatus(r.GetString(6)), r.GetString(7), new DatasetIdentity("unknown", 0, 0, ""));
        }
    }

    public void SetStatus(ExperimentStatus status) => Write(tx => TouchExperiment(tx, status));

    /// <summary>Records a new trial as running and returns its number (1, 2, ...: one more than the highest so far).</summary>
    public int BeginTrial(TrialProposal proposal)
    {
        var id = 0;
        Write(tx =>
        {
            id = Convert.ToInt32(Scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM trials", tx));
            Exec(tx, "trial",
                "INSERT INTO trials(id, decisions, architecture, block_string, arch_hash, status, started_at) " +
                "VALUES ($id, $decisions, $arch, $block, $hash, 'running', $now)",
                ("$id", id), ("$decisions", JsonSerializer.Serialize(proposal.Decisions)), ("$arch", proposal.ArchitectureJson),
                ("$block", proposal.BlockString), ("$hash", proposal.ArchHash), ("$now", Now()));
            TouchExperiment(tx);
        });
        return id;
    }

    /// <summary>
    /// Stores the trial's metrics and, if given, the strategy checkpoint taken after updating on this trial,
    /// in one transaction.
    /// </summary>
    public void CompleteTrial(int trialId, TrialMetrics m, byte[]? checkpointAfter = null) => Write(tx =>
    {
        SaveCheckpoint(tx, trialId, checkpointAfter);
        var changed = Exec(tx, "trial",
            "UPDATE trials SET status = 'completed', accuracy = $acc, val_loss = $loss, latency_ms = $lat, latency_mode = $mode, " +
            "params = $params, macs = $macs, reward = $reward, train_seconds = $ts, latency_seconds = $ls, images_per_sec = $ips, " +
            "training_curve = $curve, finished_at = $now WHERE id = $id AND status = 'running'",
            ("$acc", m.Accuracy), ("$loss", m.ValLoss), ("$lat", m.LatencyMs), ("$mode", m.LatencyMode), ("$params", m.Params),
            ("$macs", m.Macs), ("$reward", m.Reward), ("$ts", m.TrainSeconds), ("$ls", m.LatencySeconds),
            ("$ips", m.ImagesPerSec), ("$curve", m.TrainingCurveJson), ("$now", Now()), ("$id", trialId));
        RequireRunning(trialId, changed);
        TouchExperiment(tx);
    });

    /// <summary>Marks a trial failed with its error text (and the checkpoint after it, if the strategy updated).</summary>
    public void FailTrial(int trialId, string error, byte[]? checkpointAfter = null) => Write(tx =>
    {
        SaveCheckpoint(tx, trialId, checkpointAfter);
        var changed = Exec(tx, "trial",
            "UPDATE trials SET status = 'failed', error = $error, finished_at = $now WHERE id = $id AND status = 'running'",
            ("$error", error), ("$now", Now()), ("$id", trialId));
        RequireRunning(trialId, changed);
        TouchExperiment(tx);
    });

    /// <summary>
    /// Finishes a trial whose architecture was already evaluated by <paramref name="originalTrialId"/>:
    /// the original's measurements are copied, nothing is retrained.
    /// </summary>
    public void CompleteAsDuplicate(int trialId, int originalTrialId, byte[]? checkpointAfter = null) => Write(tx =>
    {
        SaveCheckpoint(tx, trialId, checkpointAfter);
        var changed = Exec(tx, "trial",
            "UPDATE trials SET (status, accuracy, val_loss, latency_ms, latency_mode, params, macs, reward, images_per_sec, duplicate_of, finished_at) = " +
            "(SELECT 'duplicate', o.accuracy, o.val_loss, o.latency_ms, o.latency_mode, o.params, o.macs, o.reward, o.images_per_sec, o.id, $now " +
            " FROM trials o WHERE o.id = $orig AND o.status = 'completed') " +
            "WHERE id = $id AND status = 'running' AND EXISTS (SELECT 1 FROM trials o WHERE o.id = $orig AND o.status = 'completed')",
            ("$orig", originalTrialId), ("$now", Now()), ("$id", trialId));
        if (changed == 0 && GetTrialCore(originalTrialId, tx) is not { Status: TrialStatus.Completed })
        {
            throw new InvalidOperationException($"trial {originalTrialId} is not a completed trial and cannot be the original of a duplicate");
        }
        RequireRunning(trialId, changed);
        TouchExperiment(tx);
    });

    public TrialRecord? GetTrial(int trialId)
    {
        lock (_gate) return GetTrialCore(trialId, null);
    }

    public IReadOnlyList<TrialRecord> ListTrials(TrialQuery query)
    {
        var order = query.OrderByClause();
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT {TrialRowReader.Columns} FROM trials WHERE ($status IS NULL OR status = $status) {order} LIMIT $top";
            cmd.Parameters.AddWithValue("$status", (object?)query.Status?.ToDb() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$top", query.Top ?? -1);
            using var r = cmd.ExecuteReader();
            var list = new List<TrialRecord>();
            while (r.Read()) list.Add(TrialRowReader.Read(r));
            return list;
        }
    }

    /// <summary>The earliest completed trial with this architecture hash, for reusing its result.</summary>
    public TrialRecord? FindCompletedByArchHash(string archHash)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = $"SELECT {TrialRowReader.Columns} FROM trials WHERE arch_hash = $hash AND status = 'completed' ORDER BY id LIMIT 1";
            cmd.Parameters.AddWithValue("$hash", archHash);
            using var r = cmd.ExecuteReader();
            return r.Read() ? TrialRowReader.Read(r) : null;
        }
    }

    public int Count(TrialStatus? status = null)
    {
        lock (_gate)
        {
            return Convert.ToInt32(Scalar("SELECT COUNT(*) FROM trials WHERE $status IS NULL OR status = $status", null,
                ("$status", status?.ToDb())));
        }
    }

    public StrategyCheckpoint? LatestCheckpoint()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT after_trial, blob, created_at FROM strategy_checkpoints ORDER BY after_trial DESC LIMIT 1";
            using var r = cmd.ExecuteReader();
            return r.Read() ? new StrategyCheckpoint(r.GetInt32(0), (byte[])r.GetValue(1), Timestamps.FromDb(r.GetString(2))) : null;
        }
    }

    /// <summary>
    /// Call once before resuming. Trials still <c>running</c> were in flight when the previous process died;
    /// they are deleted so the resumed search re-runs the same trial numbers. Safe: a writable store holds the
    /// process lock, so no live search can own those rows.
    /// </summary>
    public RecoveryReport RecoverAfterCrash()
    {
        var removed = new List<int>();
        Write(tx =>
        {
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT id FROM trials WHERE status = 'running' ORDER BY id";
                using var r = cmd.ExecuteReader();
                while (r.Read()) removed.Add(r.GetInt32(0));
            }
            Exec(tx, "trial", "DELETE FROM trials WHERE status = 'running'");
            if (GetExperimentStatus(tx) == ExperimentStatus.Running) TouchExperiment(tx, ExperimentStatus.Interrupted);
        });
        return new RecoveryReport(removed, LatestCheckpoint()?.AfterTrial);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _lock?.Dispose();
    }

    private static void RequireRunning(int trialId, int changed)
    {
        if (changed == 0) throw new InvalidOperationException($"trial {trialId} does not exist or is not running");
    }

    private void SaveCheckpoint(SqliteTransaction tx, int afterTrial, byte[]? blob)
    {
        if (blob is null) return;
        Exec(tx, "checkpoint", "INSERT OR REPLACE INTO strategy_checkpoints(after_trial, blob, created_at) VALUES ($t, $b, $now)",
            ("$t", afterTrial), ("$b", blob), ("$now", Now()));
        Exec(tx, "checkpoint-prune",
            "DELETE FROM strategy_checkpoints WHERE after_trial NOT IN (SELECT after_trial FROM strategy_checkpoints ORDER BY after_trial DESC LIMIT $keep)",
            ("$keep", CheckpointsKept));
    }

    private ExperimentStatus GetExperimentStatus(SqliteTransaction tx) =>
        StatusNames.ParseExperimentStatus((string)Scalar("SELECT status FROM experiment", tx)!);

    private void TouchExperiment(SqliteTransaction tx, ExperimentStatus? status = null) => Exec(tx, "experiment",
        "UPDATE experiment SET updated_at = $now, status = COALESCE($status, status)",
        ("$now", Now()), ("$status", status?.ToDb()));

    private TrialRecord? GetTrialCore(int trialId, SqliteTransaction? tx)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT {TrialRowReader.Columns} FROM trials WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", trialId);
        using var r = cmd.ExecuteReader();
        return r.Read() ? TrialRowReader.Read(r) : null;
    }

    /// <summary>Runs <paramref name="body"/> in one IMMEDIATE transaction; any exception rolls everything back.</summary>
    private void Write(Action<SqliteTransaction> body)
    {
        if (IsReadOnly) throw new InvalidOperationException($"{Path} was opened read-only");
        lock (_gate)
        {
            // Non-deferred = BEGIN IMMEDIATE: take the write lock up front so the transaction cannot fail half-way on lock upgrade.
            using var tx = _connection.BeginTransaction(deferred: false);
            body(tx);
            tx.Commit();
        }
    }

    private int Exec(SqliteTransaction tx, string step, string sql, params (string Name, object? Value)[] parameters)
    {
        BeforeWriteStep?.Invoke(step);
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        var result = cmd.ExecuteScalar();
        return result is DBNull ? null : result;
    }

    private string Now() => Timestamps.ToDb(_clock.GetUtcNow());
}
