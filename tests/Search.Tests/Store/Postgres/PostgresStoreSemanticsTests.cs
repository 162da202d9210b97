using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>The store's own semantics (COMMON store design), each against hand-worked expectations.</summary>
public sealed class PostgresStoreSemanticsTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private PostgresTrialStore Coordinator(string name = "exp") => PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity(name), force: false);

    private static void Finish(PostgresTrialStore store, int expectedId, TrialOutcome outcome)
    {
        var claim = store.Claim("w")!;
        Assert.Equal(expectedId, claim.TrialId);
        store.Report(claim, outcome);
    }

    [PostgresFact]
    public void Enqueue_numbers_trials_on_from_the_highest_in_proposal_order_and_queues_them()
    {
        using var store = Coordinator();
        Assert.Equal([1, 2, 3], store.Enqueue([PgSamples.Proposal(10), PgSamples.Proposal(11), PgSamples.Proposal(12)], [1]));
        Assert.Equal([4, 5], store.Enqueue([PgSamples.Proposal(13), PgSamples.Proposal(14)], [2]));

        var all = store.ListTrials(TrialQuery.All);
        Assert.Equal([1, 2, 3, 4, 5], all.Select(t => t.Id));
        Assert.Equal([1010L, 1011, 1012, 1013, 1014], all.Select(t => t.CandidateId));
        Assert.All(all, t =>
        {
            Assert.Equal(TrialStatus.Queued, t.Status);
            Assert.Equal(0, t.Attempts);
            Assert.Null(t.Worker);
            Assert.False(t.Told);
            Assert.Null(t.FinishedAt);
            Assert.Equal(0, t.StartedAt.Ticks % TimeSpan.TicksPerMillisecond); // stored with milliseconds
            Assert.Equal(TimeSpan.Zero, t.StartedAt.Offset);
        });
        var t2 = store.GetTrial(2)!;
        Assert.Equal([11 % 3, 11 % 5, 1], t2.Decisions);
        Assert.Equal("{\"i\":11}", t2.ArchitectureJson);
        Assert.Equal("block11", t2.BlockString);
        Assert.Equal("hash11", t2.ArchHash);
        Assert.Equal(5, store.Count(TrialStatus.Queued));
        Assert.Null(store.GetTrial(6));
        // The checkpoint says which trials existed when it was written.
        Assert.Equal(5, store.LatestCheckpoint()!.AfterTrial);
        Assert.Equal([2], store.LatestCheckpoint()!.Blob);
    }

    [PostgresFact]
    public void A_duplicate_is_stored_finished_with_the_originals_metrics_and_only_of_a_completed_trial()
    {
        using var store = Coordinator();
        store.Enqueue([PgSamples.Proposal(1), PgSamples.Proposal(2)], [1]);
        Finish(store, 1, TrialOutcome.Completed(PgSamples.Metrics(0.8125, latencyMs: 3.25, reward: 0.75, valLoss: 0.5)));

        Assert.Equal([3], store.Enqueue([PgSamples.Proposal(1, duplicateOf: 1)], [2]));
        var dup = store.GetTrial(3)!;
        var original = store.GetTrial(1)!;
        Assert.Equal(TrialStatus.Duplicate, dup.Status);
        Assert.Equal(1, dup.DuplicateOf);
        Assert.Equal(0.8125, dup.Accuracy);
        Assert.Equal(0.5, dup.ValLoss);
        Assert.Equal(3.25, dup.LatencyMs);
        Assert.Equal("measured", dup.LatencyMode);
        Assert.Equal(12345, dup.Params);
        Assert.Equal(678910, dup.Macs);
        Assert.Equal(0.75, dup.Reward);
        Assert.Equal(900.0, dup.ImagesPerSec);
        Assert.Equal(2.5, original.TrainSeconds);
        Assert.Null(dup.TrainSeconds); // nothing was trained
        Assert.NotNull(dup.FinishedAt);
        Assert.False(dup.Told);

        // Trial 2 is still queued: refused, and the whole enqueue (both proposals, the checkpoint) rolls back.
        var e = Assert.Throws<InvalidOperationException>(() => store.Enqueue([PgSamples.Proposal(7), PgSamples.Proposal(2, duplicateOf: 2)], [3]));
        Assert.Contains("trial 2 is not a completed trial", e.Message);
        Assert.Throws<InvalidOperationException>(() => store.Enqueue([PgSamples.Proposal(8, duplicateOf: 99)], [3]));
        Assert.Equal(3, store.Count());
        Assert.Equal([2], store.LatestCheckpoint()!.Blob);
    }

    [PostgresFact]
    public void MarkTold_marks_finished_trials_and_stores_the_checkpoint_in_one_transaction()
    {
        using var store = Coordinator();
        store.Enqueue([PgSamples.Proposal(1), PgSamples.Proposal(2), PgSamples.Proposal(3)], [1]);
        Finish(store, 1, TrialOutcome.Completed(PgSamples.Metrics(0.5)));
        Finish(store, 2, TrialOutcome.Failed("out of memory"));
        store.Enqueue([PgSamples.Proposal(1, duplicateOf: 1)], [2]);

        Assert.Equal([1, 2, 4], store.FinishedUntold().Select(t => t.Id));
        Assert.Equal("out of memory", store.GetTrial(2)!.Error);
        Assert.Equal(TrialStatus.Failed, store.GetTrial(2)!.Status);

        store.MarkTold([1, 4], [3]);
        Assert.Equal([2], store.FinishedUntold().Select(t => t.Id));
        Assert.True(store.GetTrial(1)!.Told);
        Assert.Equal([3], store.LatestCheckpoint()!.Blob);

        // Trial 3 is queued, not finished: refused, and trial 2 stays untold, the checkpoint unchanged.
        var e = Assert.Throws<InvalidOperationException>(() => store.MarkTold([2, 3], [4]));
        Assert.Contains("3", e.Message);
        Assert.Equal([2], store.FinishedUntold().Select(t => t.Id));
        Assert.Equal([3], store.LatestCheckpoint()!.Blob);
    }

    [PostgresFact]
    public void Only_the_ten_newest_checkpoints_are_kept_in_the_order_they_were_written()
    {
        using var store = Coordinator();
        Assert.Null(store.LatestCheckpoint());
        // 12 checkpoints, but only 6 trials: several checkpoints follow one trial (enqueue, then told).
        for (var i = 1; i <= 6; i++)
        {
            store.Enqueue([PgSamples.Proposal(i)], [(byte)(2 * i - 1)]);
            Finish(store, i, TrialOutcome.Failed("x"));
            store.MarkTold([i], [(byte)(2 * i)]);
        }
        Assert.Equal(10L, _db.Scalar<long>("SELECT count(*) FROM naslab_checkpoints"));
        Assert.Equal(3, _db.Scalar<byte[]>("SELECT blob FROM naslab_checkpoints ORDER BY seq LIMIT 1")[0]); // 1 and 2 pruned
        var latest = store.LatestCheckpoint()!;
        Assert.Equal([12], latest.Blob);
        Assert.Equal(6, latest.AfterTrial);
    }

    [PostgresFact]
    public void ListTrials_filters_sorts_with_nulls_last_in_the_natural_direction_breaks_ties_by_id_and_takes_top()
    {
        using var store = Coordinator();
        store.Enqueue(Enumerable.Range(1, 6).Select(i => PgSamples.Proposal(i)).ToList(), [1]);
        // id: accuracy, latency — hand-picked so ties and NULLs matter.
        Finish(store, 1, TrialOutcome.Completed(PgSamples.Metrics(0.50, latencyMs: 2.0)));
        Finish(store, 2, TrialOutcome.Completed(PgSamples.Metrics(0.70, latencyMs: 1.0)));
        Finish(store, 3, TrialOutcome.Failed("diverged"));           // NULL accuracy and latency
        Finish(store, 4, TrialOutcome.Completed(PgSamples.Metrics(0.70, latencyMs: 3.0)));
        Finish(store, 5, TrialOutcome.Completed(PgSamples.Metrics(0.60, latencyMs: 1.0, valLoss: null)));
        // trial 6 stays queued

        Assert.Equal([2, 4, 5, 1, 3, 6], store.ListTrials(new TrialQuery(SortBy: "accuracy")).Select(t => t.Id));
        Assert.Equal([1, 5, 2, 4, 3, 6], store.ListTrials(new TrialQuery(SortBy: "accuracy", Descending: false)).Select(t => t.Id));
        Assert.Equal([2, 5, 1, 4, 3, 6], store.ListTrials(new TrialQuery(SortBy: "latency_ms")).Select(t => t.Id));
        Assert.Equal([4, 1, 2, 5, 3, 6], store.ListTrials(new TrialQuery(SortBy: "latency_ms", Descending: true)).Select(t => t.Id));
        Assert.Equal([2, 4], store.ListTrials(new TrialQuery(SortBy: "accuracy", Top: 2)).Select(t => t.Id));
        Assert.Equal([3], store.ListTrials(new TrialQuery(Status: TrialStatus.Failed)).Select(t => t.Id));
        Assert.Equal([6], store.ListTrials(new TrialQuery(Status: TrialStatus.Queued)).Select(t => t.Id));
        Assert.Equal([1, 2], store.ListTrials(new TrialQuery(TrialStatus.Completed, "reward", null, 2)).Select(t => t.Id)); // all 0.5: by id
        Assert.Equal([1, 2, 4, 3, 5, 6], store.ListTrials(new TrialQuery(SortBy: "val_loss")).Select(t => t.Id));

        var e = Assert.Throws<TrialStoreException>(() => store.ListTrials(new TrialQuery(SortBy: "acuracy")));
        Assert.Contains("did you mean 'accuracy'?", e.Message);
        Assert.Contains("allowed columns: id, accuracy", e.Message);
        Assert.Throws<TrialStoreException>(() => store.ListTrials(new TrialQuery(SortBy: "id; DROP TABLE naslab_trials")));

        Assert.Equal(2, store.FindCompletedByArchHash("hash2")!.Id);
        Assert.Null(store.FindCompletedByArchHash("hash3")); // failed, not completed
    }

    [PostgresFact]
    public void A_changed_configuration_is_refused_without_force_and_replaces_the_stored_one_with_it()
    {
        using (var first = Coordinator()) first.Enqueue([PgSamples.Proposal(1)], [1]);
        var changed = PgSamples.Identity("exp", hash: "fedcba9876543210fedcba9876543210") with { ConfigYaml = "name: exp\nchanged: yes\n" };

        var e = Assert.Throws<TrialStoreException>(() => PostgresTrialStore.OpenCoordinator(_db.Location, changed, force: false));
        Assert.Contains("created from a different configuration (stored config hash 0123456789ab, given fedcba987654)", e.Message);
        Assert.Contains("--force", e.Message);
        Assert.Contains("experiment exp", e.Message);

        using var forced = PostgresTrialStore.OpenCoordinator(_db.Location, changed, force: true);
        var info = forced.GetExperiment();
        Assert.Equal("fedcba9876543210fedcba9876543210", info.ConfigHash);
        Assert.Equal("name: exp\nchanged: yes\n", info.ConfigYaml);
        Assert.Equal(PgSamples.Dataset, info.Dataset);
        Assert.Equal(1, forced.Count()); // the trials stay
    }

    [PostgresFact]
    public void Experiments_share_a_database_but_not_trials_and_workers_find_theirs_by_name()
    {
        var none = Assert.Throws<TrialStoreException>(() => PostgresTrialStore.OpenWorker(_db.Location, null));
        Assert.Equal($"no experiment in {_db.Location.Display} yet: start the coordinator first", none.Message);
        Assert.Empty(PostgresTrialStore.ListExperiments(_db.Location));

        using var alpha = Coordinator("alpha");
        alpha.Enqueue([PgSamples.Proposal(1), PgSamples.Proposal(2)], [1]);
        using (var only = PostgresTrialStore.OpenWorker(_db.Location, null)) Assert.Equal("alpha", only.ExperimentName);

        using var beta = Coordinator("beta");
        Assert.Equal([1], beta.Enqueue([PgSamples.Proposal(3)], [1])); // numbering is per experiment
        Assert.Equal(["alpha", "beta"], PostgresTrialStore.ListExperiments(_db.Location));

        var several = Assert.Throws<TrialStoreException>(() => PostgresTrialStore.OpenWorker(_db.Location, null));
        Assert.Contains("several experiments (alpha, beta)", several.Message);
        Assert.Contains("--experiment", several.Message);
        var unknown = Assert.Throws<TrialStoreException>(() => PostgresTrialStore.OpenReadOnly(_db.Location, "gamma"));
        Assert.Contains("no experiment 'gamma'; its experiments: alpha, beta", unknown.Message);

        using var worker = PostgresTrialStore.OpenWorker(_db.Location, "beta");
        var claim = worker.Claim("w1")!;
        Assert.Equal(1, claim.TrialId);
        Assert.Equal("hash3", claim.Trial.ArchHash);
        Assert.Null(worker.Claim("w1"));
        Assert.Equal(2, alpha.Count(TrialStatus.Queued));
    }

    [PostgresFact]
    public void A_read_only_store_refuses_writes_and_the_run_log_round_trips()
    {
        using var store = Coordinator();
        var run = new RunRecord("coordinator", "node7:4121", new DateTimeOffset(2026, 11, 22, 4, 45, 26, 123, TimeSpan.Zero),
            "0.1.0", "0.107.0", "2.10.0", "1.31.1", 2, 2, "Debian 12", PgSamples.Dataset);
        store.RecordRun(run);
        store.RecordRun(run with { Role = "worker", Process = "w1" });
        Assert.Equal([run, run with { Role = "worker", Process = "w1" }], store.ListRuns());

        using var reader = PostgresTrialStore.OpenReadOnly(_db.Location, "exp");
        Assert.True(reader.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => reader.Enqueue([PgSamples.Proposal(1)], [1]));
        Assert.Throws<InvalidOperationException>(() => reader.Claim("w"));
        Assert.Equal(2, reader.ListRuns().Count);
        Assert.Equal(ExperimentStatus.Created, reader.GetExperiment().Status);
        Assert.Equal(0, store.Count());
    }

    [PostgresFact]
    public void Heartbeats_register_workers_and_only_recent_ones_are_live()
    {
        using var store = Coordinator();
        store.Enqueue([PgSamples.Proposal(1)], [1]);
        var claim = store.Claim("busy")!;
        Assert.True(store.Heartbeat("idle", null));
        Assert.True(store.Heartbeat("busy", claim));

        var live = store.LiveWorkers(TimeSpan.FromMinutes(10));
        Assert.Equal(["busy", "idle"], live.Select(w => w.Worker));
        Assert.Equal(new int?[] { 1, null }, live.Select(w => w.CurrentTrial));
        // A worker heartbeating an hour ago is not live: backdate it in the database's own clock.
        _db.Execute("UPDATE naslab_workers SET last_heartbeat = now() - interval '1 hour' WHERE name = 'idle'");
        Assert.Equal(["busy"], store.LiveWorkers(TimeSpan.FromMinutes(10)).Select(w => w.Worker));

        store.Report(claim, TrialOutcome.Completed(PgSamples.Metrics(0.9)));
        Assert.Null(store.LiveWorkers(TimeSpan.FromMinutes(10)).Single().CurrentTrial);
        // A finished trial's claim is no longer current: a late heartbeat and a second report are refused.
        Assert.False(store.Heartbeat("busy", claim));
        var again = Assert.Throws<ClaimLostException>(() => store.Report(claim, TrialOutcome.Completed(PgSamples.Metrics(0.1))));
        Assert.Equal("trial 1: this worker's claim (attempt 1) expired and the trial was re-queued; its result is refused", again.Message);
        Assert.Equal(0.9, store.GetTrial(1)!.Accuracy);
    }

    [PostgresFact]
    public async Task One_store_serves_many_threads_at_once()
    {
        using var store = Coordinator();
        store.Enqueue(Enumerable.Range(1, 100).Select(i => PgSamples.Proposal(i)).ToList(), [1]);
        using var stop = new CancellationTokenSource();
        // A heartbeat thread, as a worker has, hammering the same store while four threads drain the queue.
        var heartbeats = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested) store.Heartbeat("beat", null);
        });
        var drainers = Enumerable.Range(1, 4).Select(i => Task.Run(() =>
        {
            var mine = new List<int>();
            while (store.Claim($"t{i}") is { } claim)
            {
                Assert.True(store.Heartbeat(claim.Worker, claim));
                store.Report(claim, TrialOutcome.Completed(PgSamples.Metrics(0.5)));
                mine.Add(claim.TrialId);
            }
            return mine;
        })).ToList();
        var claimed = (await Task.WhenAll(drainers).WaitAsync(TimeSpan.FromMinutes(2))).SelectMany(m => m).ToList();
        stop.Cancel();
        await heartbeats.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(Enumerable.Range(1, 100), claimed.Order());
        Assert.Equal(100, store.Count(TrialStatus.Completed));
        Assert.All(store.ListTrials(TrialQuery.All), t => Assert.Equal(1, t.Attempts));
    }
}
