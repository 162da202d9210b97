using Npgsql;
using static NasLab.Search.Store.Postgres.PostgresDb;

namespace NasLab.Search.Store.Postgres;

/// <summary>
/// One experiment in a PostgreSQL database that many experiments may share (tables in SCHEMA-POSTGRESQL.md).
/// The coordinator (<see cref="OpenCoordinator"/>) owns the strategy and enqueues; any number of workers on any
/// machines (<see cref="OpenWorker"/>) claim, heartbeat and report; readers (<see cref="OpenReadOnly"/>) watch.
/// Every method is one transaction on its own pooled connection and is safe to call from several threads.
/// Times come from the database's clock (<c>now()</c>), never a client's: machines' clocks differ, and
/// expiry compares a worker's heartbeat with the time on whichever machine runs the coordinator.
/// </summary>
public sealed partial class PostgresTrialStore : ITrialStore
{
    /// <summary>How many strategy checkpoints are kept per experiment; older ones are pruned in the same transaction.</summary>
    public const int CheckpointsKept = 10;

    private readonly PostgresDb _db;
    private readonly int _experimentId;
    private readonly CoordinatorLock? _coordinatorLock;

    private PostgresTrialStore(PostgresDb db, int experimentId, string experimentName, CoordinatorLock? coordinatorLock, bool readOnly)
    {
        _db = db;
        _experimentId = experimentId;
        ExperimentName = experimentName;
        _coordinatorLock = coordinatorLock;
        IsReadOnly = readOnly;
    }

    /// <summary>The database URL, without credentials.</summary>
    public string Location => _db.At.Display;

    public string ExperimentName { get; }

    public bool IsReadOnly { get; }

    /// <summary>Whether this store holds the experiment's coordinator lock.</summary>
    public bool IsCoordinator => _coordinatorLock is not null;

    // ---- opening -----------------------------------------------------------------------------------------

    /// <summary>
    /// Creates the experiment (and naslab's tables, when the database has none) or reopens it, and takes the
    /// experiment's coordinator lock for the store's lifetime: a second coordinator is refused until this one's
    /// process ends. A stored config with another hash is refused unless <paramref name="force"/>, which replaces it.
    /// </summary>
    public static PostgresTrialStore OpenCoordinator(PostgresLocation at, ExperimentIdentity identity, bool force)
    {
        if (string.IsNullOrWhiteSpace(identity.Name)) throw new ArgumentException("the experiment needs a name", nameof(identity));
        var db = new PostgresDb(at, readOnly: false);
        CoordinatorLock? coordinatorLock = null;
        try
        {
            db.Run("creating naslab's tables", c =>
            {
                PostgresSchema.EnsureCreated(c, at);
                return 0;
            });
            var id = db.Run($"creating experiment {identity.Name}", c => InsertOrFindExperiment(c, identity));
            coordinatorLock = CoordinatorLock.Acquire(at, id, identity.Name);
            var store = new PostgresTrialStore(db, id, identity.Name, coordinatorLock, readOnly: false);
            var stored = store.GetStoredExperiment();
            if (stored.ConfigHash != identity.ConfigHash)
            {
                if (!force)
                {
                    throw new TrialStoreException(
                        $"experiment {identity.Name} in {at.Display}: this experiment was created from a different configuration " +
                        $"(stored config hash {stored.ConfigHash[..Math.Min(12, stored.ConfigHash.Length)]}, given " +
                        $"{identity.ConfigHash[..Math.Min(12, identity.ConfigHash.Length)]}); " +
                        "use a new experiment name, or pass --force to continue with the new configuration");
                }
                store.ReplaceConfig(identity);
            }
            return store;
        }
        catch
        {
            coordinatorLock?.Dispose();
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A writable store for a worker (claim, heartbeat, report), without the coordinator lock. With
    /// <paramref name="experiment"/> null the database must hold exactly one experiment.
    /// </summary>
    public static PostgresTrialStore OpenWorker(PostgresLocation at, string? experiment) => OpenExisting(at, experiment, readOnly: false);

    /// <summary>A store that only reads (its connections refuse writes at the server); same resolution as <see cref="OpenWorker"/>.</summary>
    public static PostgresTrialStore OpenReadOnly(PostgresLocation at, string? experiment) => OpenExisting(at, experiment, readOnly: true);

    /// <summary>The experiments in the database, by name; empty when naslab has not created its tables there.</summary>
    public static IReadOnlyList<string> ListExperiments(PostgresLocation at)
    {
        using var db = new PostgresDb(at, readOnly: true);
        return db.Run("listing experiments", c =>
        {
            if (PostgresSchema.ReadVersion(c) is not { } version) return (IReadOnlyList<string>)[];
            PostgresSchema.Require(version, at);
            return ExperimentNames(c).Select(e => e.Name).ToList();
        });
    }

    private static PostgresTrialStore OpenExisting(PostgresLocation at, string? experiment, bool readOnly)
    {
        var db = new PostgresDb(at, readOnly);
        try
        {
            var (id, name) = db.Run("finding the experiment", c => ResolveExperiment(c, at, experiment));
            return new PostgresTrialStore(db, id, name, null, readOnly);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static (int Id, string Name) ResolveExperiment(NpgsqlConnection c, PostgresLocation at, string? wanted)
    {
        var noneYet = $"no experiment in {at.Display} yet: start the coordinator first";
        if (PostgresSchema.ReadVersion(c) is not { } version) throw new TrialStoreException(noneYet);
        PostgresSchema.Require(version, at);
        var all = ExperimentNames(c);
        if (all.Count == 0) throw new TrialStoreException(noneYet);
        var names = string.Join(", ", all.Select(e => e.Name));
        if (wanted is null)
        {
            return all.Count == 1
                ? all[0]
                : throw new TrialStoreException($"{at.Display} holds several experiments ({names}); choose one with --experiment NAME");
        }
        return all.FirstOrDefault(e => e.Name == wanted) is { Name: not null } found
            ? found
            : throw new TrialStoreException($"{at.Display} has no experiment '{wanted}'; its experiments: {names}");
    }

    private static List<(int Id, string Name)> ExperimentNames(NpgsqlConnection c) =>
        Query(c, null, "SELECT id, name FROM naslab_experiments ORDER BY name", r => (r.GetInt32(0), r.GetString(1)));

    private static int InsertOrFindExperiment(NpgsqlConnection c, ExperimentIdentity identity)
    {
        var inserted = Scalar(c, null,
            "INSERT INTO naslab_experiments(name, config_yaml, config_resolved, config_hash, dataset_name, dataset_train_records, " +
            "dataset_test_records, dataset_sha256, created_at, updated_at, status, naslab_version) " +
            "VALUES (@name, @yaml, @resolved, @hash, @dn, @dtrain, @dtest, @dsha, now(), now(), 'created', @version) " +
            "ON CONFLICT (name) DO NOTHING RETURNING id",
            ("name", identity.Name), ("yaml", identity.ConfigYaml), ("resolved", identity.ResolvedConfigYaml), ("hash", identity.ConfigHash),
            ("dn", identity.Dataset.Name), ("dtrain", identity.Dataset.TrainRecords), ("dtest", identity.Dataset.TestRecords),
            ("dsha", identity.Dataset.Sha256), ("version", NasLabVersion.Current));
        return inserted is int id ? id : (int)Scalar(c, null, "SELECT id FROM naslab_experiments WHERE name = @name", ("name", identity.Name))!;
    }

    private void ReplaceConfig(ExperimentIdentity identity) => Write("replacing the configuration", (c, tx) => Exec(c, tx,
        "UPDATE naslab_experiments SET config_yaml = @yaml, config_resolved = @resolved, config_hash = @hash, dataset_name = @dn, " +
        "dataset_train_records = @dtrain, dataset_test_records = @dtest, dataset_sha256 = @dsha, updated_at = now() WHERE id = @e",
        ("yaml", identity.ConfigYaml), ("resolved", identity.ResolvedConfigYaml), ("hash", identity.ConfigHash),
        ("dn", identity.Dataset.Name), ("dtrain", identity.Dataset.TrainRecords), ("dtest", identity.Dataset.TestRecords),
        ("dsha", identity.Dataset.Sha256), ("e", _experimentId)));

    // ---- the experiment ----------------------------------------------------------------------------------

    /// <summary>
    /// The experiment row. A stored <c>running</c> reads as <c>interrupted</c> when no coordinator holds the
    /// experiment's lock: a coordinator killed outright never records that it stopped.
    /// </summary>
    public ExperimentInfo GetExperiment()
    {
        var stored = GetStoredExperiment();
        if (stored.Status != ExperimentStatus.Running || IsCoordinator) return stored;
        var held = _db.Run("checking the coordinator lock", c => AdvisoryLocks.CoordinatorHeld(c, _experimentId));
        return held ? stored : stored with { Status = ExperimentStatus.Interrupted };
    }

    private ExperimentInfo GetStoredExperiment() => _db.Run("reading the experiment", c =>
        Query(c, null, $"SELECT {PostgresRows.ExperimentColumns} FROM naslab_experiments WHERE id = @e", PostgresRows.Experiment, ("e", _experimentId))
            .FirstOrDefault()
        ?? throw new TrialStoreException($"experiment {ExperimentName} was deleted from {Location}"));

    public void SetStatus(ExperimentStatus status) => Write("setting the experiment status", (c, tx) =>
        Exec(c, tx, "UPDATE naslab_experiments SET status = @s, updated_at = now() WHERE id = @e", ("s", status.ToDb()), ("e", _experimentId)));

    // ---- reading trials ------------------------------------------------------------------------------------

    public TrialRecord? GetTrial(int trialId) => _db.Run("reading a trial", c =>
        Query(c, null, $"SELECT {PostgresRows.TrialColumns} FROM naslab_trials WHERE experiment_id = @e AND id = @id",
            PostgresRows.Trial, ("e", _experimentId), ("id", trialId)).FirstOrDefault());

    public IReadOnlyList<TrialRecord> ListTrials(TrialQuery query)
    {
        var order = query.OrderByClause(); // validates the column against the whitelist before it is spliced in
        return _db.Run("listing trials", c =>
        {
            using var cmd = Command(c, null,
                $"SELECT {PostgresRows.TrialColumns} FROM naslab_trials WHERE experiment_id = @e AND (@status::text IS NULL OR status = @status::text) " +
                $"{order} LIMIT @top OFFSET @skip", ("e", _experimentId), ("status", query.Status?.ToDb()), ("skip", query.Skip));
            cmd.Parameters.Add(new NpgsqlParameter("top", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)query.Top ?? DBNull.Value });
            using var r = cmd.ExecuteReader();
            var list = new List<TrialRecord>();
            while (r.Read()) list.Add(PostgresRows.Trial(r));
            return (IReadOnlyList<TrialRecord>)list;
        });
    }

    public TrialRecord? FindCompletedByArchHash(string archHash) => _db.Run("looking up an architecture", c =>
        Query(c, null, $"SELECT {PostgresRows.TrialColumns} FROM naslab_trials WHERE experiment_id = @e AND arch_hash = @h " +
                       "AND status = 'completed' ORDER BY id LIMIT 1", PostgresRows.Trial, ("e", _experimentId), ("h", archHash))
            .FirstOrDefault());

    public int Count(TrialStatus? status = null) => _db.Run("counting trials", c => Convert.ToInt32(Scalar(c, null,
        "SELECT count(*) FROM naslab_trials WHERE experiment_id = @e AND (@status::text IS NULL OR status = @status::text)",
        ("e", _experimentId), ("status", status?.ToDb()))));

    public void Dispose()
    {
        _coordinatorLock?.Dispose();
        _db.Dispose();
    }

    /// <summary>Runs a write in one transaction; a read-only store refuses before touching the database.</summary>
    private T Write<T>(string doing, Func<NpgsqlConnection, NpgsqlTransaction, T> body)
    {
        if (IsReadOnly) throw new InvalidOperationException($"experiment {ExperimentName} in {Location} was opened read-only");
        return _db.InTransaction(doing, body);
    }

    private void Write(string doing, Action<NpgsqlConnection, NpgsqlTransaction> body) => Write(doing, (c, tx) =>
    {
        body(c, tx);
        return 0;
    });

    /// <summary>Locks the experiment row: serializes Enqueue and MarkTold (trial numbers, checkpoint order).</summary>
    private void LockExperiment(NpgsqlConnection c, NpgsqlTransaction tx) =>
        Exec(c, tx, "SELECT 1 FROM naslab_experiments WHERE id = @e FOR UPDATE", ("e", _experimentId));
}
