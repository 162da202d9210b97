using Npgsql;
using static NasLab.Search.Store.Postgres.PostgresDb;

namespace NasLab.Search.Store.Postgres;

/// <summary>The queue: workers claim, heartbeat and report; the coordinator re-queues what dead workers held.</summary>
public sealed partial class PostgresTrialStore
{
    public TrialClaim? Claim(string worker)
    {
        RequireWorkerName(worker);
        return Write("claiming a trial", (c, tx) =>
        {
            // SKIP LOCKED: concurrent claimers each lock a different queued row instead of waiting on the same one,
            // and the UPDATE's re-check of status means a row can never be claimed twice.
            var trial = Query(c, tx,
                "UPDATE naslab_trials SET status = 'running', attempts = attempts + 1, worker = @w, claimed_at = now(), heartbeat_at = now() " +
                "WHERE experiment_id = @e AND id = (SELECT id FROM naslab_trials WHERE experiment_id = @e AND status = 'queued' " +
                "ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1) AND status = 'queued' " +
                $"RETURNING {PostgresRows.TrialColumns}", PostgresRows.Trial, ("e", _experimentId), ("w", worker)).FirstOrDefault();
            UpsertWorker(c, tx, worker, trial?.Id);
            return trial is null ? null : new TrialClaim(trial.Id, trial.Attempts, worker, trial);
        });
    }

    public bool Heartbeat(string worker, TrialClaim? claim)
    {
        RequireWorkerName(worker);
        return Write("heartbeating", (c, tx) =>
        {
            if (claim is null)
            {
                UpsertWorker(c, tx, worker, null);
                return true;
            }
            var current = Exec(c, tx,
                "UPDATE naslab_trials SET heartbeat_at = now() WHERE experiment_id = @e AND id = @id AND status = 'running' " +
                "AND attempts = @a AND worker = @w", ("e", _experimentId), ("id", claim.TrialId), ("a", claim.Attempt), ("w", claim.Worker)) == 1;
            UpsertWorker(c, tx, worker, current ? claim.TrialId : null);
            return current;
        });
    }

    public void Report(TrialClaim claim, TrialOutcome outcome)
    {
        if ((outcome.Metrics is null) == (outcome.Error is null))
            throw new ArgumentException("an outcome has either metrics or an error", nameof(outcome));
        Write("reporting a trial", (c, tx) =>
        {
            var m = outcome.Metrics;
            var changed = Exec(c, tx,
                "UPDATE naslab_trials SET status = @status, accuracy = @acc, val_loss = @loss, latency_ms = @lat, latency_mode = @mode, measured_latency_ms = @measured, latency_device = @device, " +
                "params = @params, macs = @macs, reward = @reward, train_seconds = @ts, latency_seconds = @ls, images_per_sec = @ips, " +
                "training_curve = @curve, error = @error, finished_at = now(), heartbeat_at = now() " +
                "WHERE experiment_id = @e AND id = @id AND status = 'running' AND attempts = @a AND worker = @w",
                ("status", m is null ? "failed" : "completed"), ("acc", m?.Accuracy), ("loss", m?.ValLoss), ("lat", m?.LatencyMs),
                ("mode", m?.LatencyMode), ("measured", m?.MeasuredLatencyMs), ("device", m?.LatencyDevice), ("params", m?.Params), ("macs", m?.Macs), ("reward", m?.Reward), ("ts", m?.TrainSeconds),
                ("ls", m?.LatencySeconds), ("ips", m?.ImagesPerSec), ("curve", m?.TrainingCurveJson), ("error", outcome.Error),
                ("e", _experimentId), ("id", claim.TrialId), ("a", claim.Attempt), ("w", claim.Worker));
            if (changed == 0)
            {
                throw new ClaimLostException(
                    $"trial {claim.TrialId}: this worker's claim (attempt {claim.Attempt}) expired and the trial was re-queued; its result is refused");
            }
            UpsertWorker(c, tx, claim.Worker, null);
        });
    }

    public IReadOnlyList<StaleTrial> RequeueStale(TimeSpan grace, int maxAttempts)
    {
        if (grace < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(grace), grace, "the grace period cannot be negative");
        if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "at least one attempt is needed");
        return Write("re-queueing stale trials", (c, tx) =>
        {
            // worker stays as the last claimant (who lost it); the old claim is dead anyway because status or attempts changed.
            var stale = Query(c, tx,
                "UPDATE naslab_trials SET " +
                "status = CASE WHEN attempts >= @max THEN 'failed' ELSE 'queued' END, " +
                "error = CASE WHEN attempts >= @max THEN 'worker ' || worker || ' stopped heartbeating; gave up after ' || attempts || ' attempts' END, " +
                "finished_at = CASE WHEN attempts >= @max THEN now() END, " +
                "heartbeat_at = NULL, claimed_at = NULL " +
                "WHERE experiment_id = @e AND status = 'running' AND heartbeat_at < now() - @grace " +
                "RETURNING id, worker, attempts, status = 'failed'",
                r => new StaleTrial(r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2), r.GetBoolean(3)),
                ("e", _experimentId), ("max", maxAttempts), ("grace", grace));
            return (IReadOnlyList<StaleTrial>)stale.OrderBy(s => s.TrialId).ToList();
        });
    }

    public IReadOnlyList<WorkerRecord> LiveWorkers(TimeSpan grace) => _db.Run("listing live workers", c =>
        (IReadOnlyList<WorkerRecord>)Query(c, null,
            "SELECT name, last_heartbeat, current_trial FROM naslab_workers WHERE experiment_id = @e AND last_heartbeat >= now() - @grace ORDER BY name",
            r => new WorkerRecord(r.GetString(0), PostgresRows.Time(r, 1), r.IsDBNull(2) ? null : r.GetInt32(2)),
            ("e", _experimentId), ("grace", grace)));

    private void UpsertWorker(NpgsqlConnection c, NpgsqlTransaction tx, string worker, int? currentTrial) => Exec(c, tx,
        "INSERT INTO naslab_workers(experiment_id, name, first_seen, last_heartbeat, current_trial) VALUES (@e, @w, now(), now(), @t) " +
        "ON CONFLICT (experiment_id, name) DO UPDATE SET last_heartbeat = now(), current_trial = EXCLUDED.current_trial",
        ("e", _experimentId), ("w", worker), ("t", currentTrial));

    private static void RequireWorkerName(string worker)
    {
        if (string.IsNullOrWhiteSpace(worker)) throw new ArgumentException("a worker needs a non-empty name", nameof(worker));
    }
}
