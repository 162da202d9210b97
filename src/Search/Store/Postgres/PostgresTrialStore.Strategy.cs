using System.Text.Json;
using Npgsql;
using static NasLab.Search.Store.Postgres.PostgresDb;

namespace NasLab.Search.Store.Postgres;

/// <summary>The strategy owner's side: queueing proposals, telling results, checkpoints, and the run log.</summary>
public sealed partial class PostgresTrialStore
{
    public IReadOnlyList<int> Enqueue(IReadOnlyList<TrialProposal> proposals, byte[] checkpointAfter) => Write("enqueueing trials", (c, tx) =>
    {
        // The row lock makes numbering race-free even if two processes enqueued (only the coordinator should).
        LockExperiment(c, tx);
        var next = Convert.ToInt32(Scalar(c, tx, "SELECT COALESCE(MAX(id), 0) + 1 FROM naslab_trials WHERE experiment_id = @e", ("e", _experimentId)));
        var ids = new List<int>(proposals.Count);
        foreach (var p in proposals)
        {
            var id = next++;
            if (p.DuplicateOf is { } original) InsertDuplicate(c, tx, id, p, original);
            else InsertQueued(c, tx, id, p);
            ids.Add(id);
        }
        SaveCheckpoint(c, tx, checkpointAfter);
        Touch(c, tx);
        return (IReadOnlyList<int>)ids;
    });

    private void InsertQueued(NpgsqlConnection c, NpgsqlTransaction tx, int id, TrialProposal p) => Exec(c, tx,
        "INSERT INTO naslab_trials(experiment_id, id, candidate_id, decisions, architecture, block_string, arch_hash, status, started_at, supernet_accuracy) " +
        "VALUES (@e, @id, @cand, @dec, @arch, @block, @hash, 'queued', now(), @supernet)",
        ("e", _experimentId), ("id", id), ("cand", p.CandidateId), ("dec", JsonSerializer.Serialize(p.Decisions)),
        ("arch", p.ArchitectureJson), ("block", p.BlockString), ("hash", p.ArchHash), ("supernet", p.SupernetAccuracy));

    /// <summary>A duplicate is finished at once with the original's measurements; train_seconds stays NULL (nothing was trained).</summary>
    private void InsertDuplicate(NpgsqlConnection c, NpgsqlTransaction tx, int id, TrialProposal p, int original)
    {
        var inserted = Exec(c, tx,
            "INSERT INTO naslab_trials(experiment_id, id, candidate_id, decisions, architecture, block_string, arch_hash, status, " +
            "accuracy, val_loss, latency_ms, latency_mode, measured_latency_ms, latency_device, params, macs, reward, images_per_sec, duplicate_of, started_at, finished_at) " +
            "SELECT @e, @id, @cand, @dec, @arch, @block, @hash, 'duplicate', o.accuracy, o.val_loss, o.latency_ms, o.latency_mode, o.measured_latency_ms, o.latency_device, " +
            "o.params, o.macs, o.reward, o.images_per_sec, o.id, now(), now() " +
            "FROM naslab_trials o WHERE o.experiment_id = @e AND o.id = @orig AND o.status = 'completed'",
            ("e", _experimentId), ("id", id), ("cand", p.CandidateId), ("dec", JsonSerializer.Serialize(p.Decisions)),
            ("arch", p.ArchitectureJson), ("block", p.BlockString), ("hash", p.ArchHash), ("orig", original));
        if (inserted == 0)
            throw new InvalidOperationException($"trial {original} is not a completed trial and cannot be the original of a duplicate");
    }

    public IReadOnlyList<TrialRecord> FinishedUntold() => _db.Run("listing untold trials", c =>
        (IReadOnlyList<TrialRecord>)Query(c, null,
            $"SELECT {PostgresRows.TrialColumns} FROM naslab_trials WHERE experiment_id = @e AND NOT told " +
            "AND status IN ('completed','failed','duplicate') ORDER BY id", PostgresRows.Trial, ("e", _experimentId)));

    public void MarkTold(IReadOnlyList<int> trialIds, byte[] checkpointAfter) => Write("marking trials told", (c, tx) =>
    {
        LockExperiment(c, tx);
        var wanted = trialIds.Distinct().ToArray();
        var marked = Query(c, tx,
            "UPDATE naslab_trials SET told = true WHERE experiment_id = @e AND id = ANY(@ids) AND status IN ('completed','failed','duplicate') RETURNING id",
            r => r.GetInt32(0), ("e", _experimentId), ("ids", wanted));
        if (marked.Count != wanted.Length)
        {
            var missing = wanted.Except(marked).Order().ToList();
            throw new InvalidOperationException($"trial(s) {string.Join(", ", missing)} do not exist or are not finished, so they cannot be marked told");
        }
        SaveCheckpoint(c, tx, checkpointAfter);
        Touch(c, tx);
    });

    /// <summary>
    /// Adds a checkpoint and prunes all but the <see cref="CheckpointsKept"/> newest. Checkpoints are ordered by
    /// their sequence number, not by trial: several follow one trial (an enqueue, then telling its result). The
    /// caller holds the experiment row lock, so sequence order is commit order.
    /// </summary>
    private void SaveCheckpoint(NpgsqlConnection c, NpgsqlTransaction tx, byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        Exec(c, tx,
            "INSERT INTO naslab_checkpoints(experiment_id, after_trial, blob, created_at) " +
            "SELECT @e, COALESCE(MAX(id), 0), @b, now() FROM naslab_trials WHERE experiment_id = @e",
            ("e", _experimentId), ("b", blob));
        Exec(c, tx,
            "DELETE FROM naslab_checkpoints WHERE experiment_id = @e AND seq NOT IN " +
            "(SELECT seq FROM naslab_checkpoints WHERE experiment_id = @e ORDER BY seq DESC LIMIT @keep)",
            ("e", _experimentId), ("keep", CheckpointsKept));
    }

    public StrategyCheckpoint? LatestCheckpoint() => _db.Run("reading the latest checkpoint", c =>
        Query(c, null, "SELECT after_trial, blob, created_at FROM naslab_checkpoints WHERE experiment_id = @e ORDER BY seq DESC LIMIT 1",
            r => new StrategyCheckpoint(r.GetInt32(0), (byte[])r.GetValue(1), PostgresRows.Time(r, 2)), ("e", _experimentId)).FirstOrDefault());

    public void RecordRun(RunRecord run) => Write("recording the run", (c, tx) => Exec(c, tx,
        $"INSERT INTO naslab_runs(experiment_id, {PostgresRows.RunColumns}) VALUES " +
        "(@e, @role, @process, @started, @nv, @tsv, @ltv, @ortv, @threads, @cores, @os, @dn, @dtrain, @dtest, @dsha)",
        ("e", _experimentId), ("role", run.Role), ("process", run.Process), ("started", PostgresRows.ToDb(run.StartedAt)),
        ("nv", run.NaslabVersion), ("tsv", run.TorchSharpVersion), ("ltv", run.LibTorchVersion), ("ortv", run.OnnxRuntimeVersion),
        ("threads", run.TorchThreads), ("cores", run.LogicalCores), ("os", run.Os), ("dn", run.Dataset.Name),
        ("dtrain", run.Dataset.TrainRecords), ("dtest", run.Dataset.TestRecords), ("dsha", run.Dataset.Sha256)));

    public IReadOnlyList<RunRecord> ListRuns() => _db.Run("listing runs", c =>
        (IReadOnlyList<RunRecord>)Query(c, null, $"SELECT {PostgresRows.RunColumns} FROM naslab_runs WHERE experiment_id = @e ORDER BY seq",
            PostgresRows.Run, ("e", _experimentId)));

    /// <summary>updated_at follows the coordinator's writes; workers' claims and reports do not touch the experiment row, so they never queue behind it.</summary>
    private void Touch(NpgsqlConnection c, NpgsqlTransaction tx) =>
        Exec(c, tx, "UPDATE naslab_experiments SET updated_at = now() WHERE id = @e", ("e", _experimentId));
}
