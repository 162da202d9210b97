using NasLab.Search.Store;
using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store;

/// <summary>
/// What every <see cref="ITrialStore"/> must do, whatever it stores into (LiteDB now, PostgreSQL later): each test
/// drives the store through the interface only and checks the writer's answers and a freshly opened reader's.
/// A subclass supplies the store; <see cref="StoredCheckpointCount"/> counts checkpoints in the storage itself,
/// which the interface (rightly) does not expose.
/// </summary>
public abstract class TrialStoreContract : IDisposable
{
    private readonly List<IDisposable> _opened = [];

    protected TrialStoreContract()
    {
    }

    /// <summary>A new, empty store for <paramref name="identity"/>, disposed by the subclass's <see cref="Dispose"/>.</summary>
    protected abstract ITrialStore CreateStore(ExperimentIdentity identity);

    /// <summary>A reader on <paramref name="store"/>'s experiment, opened now (it must show everything committed so far).</summary>
    protected abstract ITrialReader OpenReader(ITrialStore store);

    /// <summary>How many strategy checkpoints the storage holds right now, counted in the storage itself.</summary>
    protected abstract int StoredCheckpointCount(ITrialStore store);

    public virtual void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_opened)) d.Dispose();
        GC.SuppressFinalize(this);
    }

    private ITrialStore NewStore()
    {
        var store = CreateStore(Samples.Identity);
        _opened.Add(store);
        return store;
    }

    /// <summary>Runs the assertions against the writer and against a reader opened after it.</summary>
    private void Both(ITrialStore store, Action<ITrialReader> assert)
    {
        assert(store);
        using var reader = OpenReader(store);
        assert(reader);
    }

    private static int[] Ids(IEnumerable<TrialRecord> trials) => trials.Select(t => t.Id).ToArray();

    private static TrialRecord Completed(ITrialStore store, int id, TrialMetrics metrics)
    {
        var claim = store.Claim("worker-a")!;
        Assert.Equal(id, claim.TrialId);
        store.Report(claim, TrialOutcome.Completed(metrics));
        return store.GetTrial(id)!;
    }

    private static void AssertUtcMilliseconds(DateTimeOffset t, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        Assert.Equal(TimeSpan.Zero, t.Offset);
        Assert.Equal(0, t.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.InRange(t, notBefore.AddMilliseconds(-1), notAfter);
    }

    [SkippableFact]
    public void Trials_are_numbered_on_from_the_highest_in_proposal_order()
    {
        var store = NewStore();
        Assert.Equal([1, 2, 3], store.Enqueue([Samples.Proposal(1), Samples.Proposal(2), Samples.Proposal(3)], Samples.Checkpoint(1)));
        Assert.Equal([4, 5], store.Enqueue([Samples.Proposal(4), Samples.Proposal(5)], Samples.Checkpoint(2)));
        Assert.Equal([], store.Enqueue([], Samples.Checkpoint(3)));
        Assert.Equal([6], store.Enqueue([Samples.Proposal(6)], Samples.Checkpoint(4)));
        Both(store, r =>
        {
            Assert.Equal([1, 2, 3, 4, 5, 6], Ids(r.ListTrials(TrialQuery.All)));
            Assert.All(r.ListTrials(TrialQuery.All), t => Assert.Equal($"b{t.Id}_k3_e6", t.BlockString));
        });
    }

    [SkippableFact]
    public void Enqueue_stores_queued_trials_with_every_proposal_field_and_the_checkpoint()
    {
        var store = NewStore();
        var before = DateTimeOffset.UtcNow;
        store.Enqueue([Samples.Proposal(1), Samples.Proposal(2)], Samples.Checkpoint(7));
        var after = DateTimeOffset.UtcNow;
        Both(store, r =>
        {
            var t = r.GetTrial(2)!;
            Assert.Equal([2, 0, 1], t.Decisions);
            Assert.Equal(("{\"blocks\":[2]}", "b2_k3_e6", "hash-2", 1002L), (t.ArchitectureJson, t.BlockString, t.ArchHash, t.CandidateId));
            Assert.Equal((TrialStatus.Queued, 0, (string?)null, false), (t.Status, t.Attempts, t.Worker, t.Told));
            Assert.Null(t.FinishedAt);
            Assert.Null(t.Accuracy);
            Assert.Null(t.DuplicateOf);
            AssertUtcMilliseconds(t.StartedAt, before, after); // StartedAt = when the trial was queued
            var c = r.LatestCheckpoint()!;
            Assert.Equal(2, c.AfterTrial);
            Assert.Equal(Samples.Checkpoint(7), c.Blob);
            AssertUtcMilliseconds(c.CreatedAt, before, after);
            Assert.Null(r.GetTrial(3));
            Assert.Null(r.GetTrial(0));
        });
    }

    [SkippableFact]
    public void A_refused_enqueue_stores_neither_trials_nor_checkpoint()
    {
        var store = NewStore();
        store.Enqueue([Samples.Proposal(1)], Samples.Checkpoint(1));
        // Trial 1 is queued, not completed: the batch's second proposal is refused, so the first must vanish too.
        Assert.Throws<InvalidOperationException>(() => store.Enqueue([Samples.Proposal(2), Samples.Proposal(3, duplicateOf: 1)], Samples.Checkpoint(2)));
        Assert.Throws<InvalidOperationException>(() => store.Enqueue([Samples.Proposal(2, duplicateOf: 99)], Samples.Checkpoint(3)));
        // A duplicate of a trial proposed in the same batch: that one is not completed either.
        Assert.Throws<InvalidOperationException>(() => store.Enqueue([Samples.Proposal(2), Samples.Proposal(3, duplicateOf: 2)], Samples.Checkpoint(4)));
        Both(store, r =>
        {
            Assert.Equal(1, r.Count());
            Assert.Equal(Samples.Checkpoint(1), r.LatestCheckpoint()!.Blob);
        });
        Assert.Equal([2], store.Enqueue([Samples.Proposal(2)], Samples.Checkpoint(5)));
    }

    [SkippableFact]
    public void A_duplicate_is_finished_at_once_with_the_originals_metrics_but_no_training_time()
    {
        var store = NewStore();
        store.Enqueue([Samples.Proposal(1), Samples.Proposal(2)], Samples.Checkpoint(1));
        Completed(store, 1, Samples.Metrics(0.8125, 42.5, reward: 0.79));
        var failed = store.Claim("worker-a")!;
        store.Report(failed, TrialOutcome.Failed("out of memory"));

        var before = DateTimeOffset.UtcNow;
        Assert.Equal([3], store.Enqueue([Samples.Proposal(3, duplicateOf: 1)], Samples.Checkpoint(2)));
        var after = DateTimeOffset.UtcNow;
        Assert.Throws<InvalidOperationException>(() => store.Enqueue([Samples.Proposal(4, duplicateOf: 2)], Samples.Checkpoint(3)));
        Both(store, r =>
        {
            var dup = r.GetTrial(3)!;
            Assert.Equal((TrialStatus.Duplicate, (int?)1), (dup.Status, dup.DuplicateOf));
            Assert.Equal((0.8125, 1.25, 42.5, "lut", 1_234_567L, 56_000_000L, 0.79, 800.0),
                (dup.Accuracy!.Value, dup.ValLoss!.Value, dup.LatencyMs!.Value, dup.LatencyMode, dup.Params!.Value, dup.Macs!.Value, dup.Reward!.Value, dup.ImagesPerSec!.Value));
            Assert.Null(dup.TrainSeconds); // nothing was trained for the duplicate
            AssertUtcMilliseconds(dup.FinishedAt!.Value, before, after);
            Assert.False(dup.Told);
            Assert.Equal([1, 2, 3], Ids(r.ListTrials(TrialQuery.All)));
            Assert.Equal(Samples.Checkpoint(2), r.LatestCheckpoint()!.Blob);
        });
        Assert.Contains(store.FinishedUntold(), t => t.Id == 3);
    }

    [SkippableFact]
    public void Claims_take_the_lowest_queued_trial_once_each_with_a_new_attempt()
    {
        var store = NewStore();
        store.Enqueue([Samples.Proposal(1), Samples.Proposal(2), Samples.Proposal(3)], Samples.Checkpoint(1));
        var a = store.Claim("worker-a")!;
        var b = store.Claim("worker-b")!;
        var c = store.Claim("worker-a")!;
        Assert.Null(store.Claim("worker-b"));
        Assert.Equal((1, 1, "worker-a"), (a.TrialId, a.Attempt, a.Worker));
        Assert.Equal((2, 1, "worker-b"), (b.TrialId, b.Attempt, b.Worker));
        Assert.Equal((3, "worker-a"), (c.TrialId, c.Worker));
        Assert.Equal((TrialStatus.Running, 1, "worker-b"), (b.Trial.Status, b.Trial.Attempts, b.Trial.Worker));
        Both(store, r =>
        {
            Assert.Equal(3, r.Count(TrialStatus.Running));
            Assert.Equal(0, r.Count(TrialStatus.Queued));
            Assert.Equal("worker-b", r.GetTrial(2)!.Worker);
        });
        store.Enqueue([Samples.Proposal(4)], Samples.Checkpoint(2));
        Assert.Equal(4, store.Claim("worker-b")!.TrialId);
    }

    [SkippableFact]
    public void Report_stores_the_outcome_and_refuses_a_claim_that_is_not_current()
    {
        var store = NewStore();
        store.Enqueue([Samples.Proposal(1), Samples.Proposal(2)], Samples.Checkpoint(1));
        var first = store.Claim("worker-a")!;
        var second = store.Claim("worker-b")!;

        // A claim that is not the trial's current one: another attempt, or another worker.
        Assert.Throws<ClaimLostException>(() => store.Report(first with { Attempt = first.Attempt + 1 }, TrialOutcome.Failed("late")));
        Assert.Throws<ClaimLostException>(() => store.Report(first with { Worker = "worker-b" }, TrialOutcome.Failed("late")));
        Assert.Equal(TrialStatus.Running, store.GetTrial(1)!.Status);

        var before = DateTimeOffset.UtcNow;
        store.Report(first, TrialOutcome.Completed(Samples.Metrics(0.8125, 42.5, reward: 0.79)));
        store.Report(second, TrialOutcome.Failed("out of memory"));
        var after = DateTimeOffset.UtcNow;
        // Once reported, the claim is spent: a second report is refused and changes nothing.
        var e = Assert.Throws<ClaimLostException>(() => store.Report(first, TrialOutcome.Completed(Samples.Metrics(0.1, 1))));
        Assert.Contains("trial 1", e.Message);

        Both(store, r =>
        {
            var done = r.GetTrial(1)!;
            Assert.Equal(TrialStatus.Completed, done.Status);
            Assert.Equal((0.8125, 1.25, 42.5, "lut", 1_234_567L, 56_000_000L, 0.79, 12.5, 0.5, 800.0, "[{\"epoch\":1,\"loss\":2.0}]"),
                (done.Accuracy!.Value, done.ValLoss!.Value, done.LatencyMs!.Value, done.LatencyMode, done.Params!.Value, done.Macs!.Value,
                    done.Reward!.Value, done.TrainSeconds!.Value, done.LatencySeconds!.Value, done.ImagesPerSec!.Value, done.TrainingCurveJson));
            Assert.Null(done.Error);
            AssertUtcMilliseconds(done.FinishedAt!.Value, before, after);
            var failed = r.GetTrial(2)!;
            Assert.Equal((TrialStatus.Failed, "out of memory"), (failed.Status, failed.Error));
            Assert.Null(failed.Accuracy);
            Assert.NotNull(failed.FinishedAt);
        });
    }

    [SkippableFact]
    public void Heartbeats_tell_a_worker_whether_its_claim_is_still_current()
    {
        var store = NewStore();
        store.Enqueue([Samples.Proposal(1)], Samples.Checkpoint(1));
        Assert.True(store.Heartbeat("worker-a", null));
        var claim = store.Claim("worker-a")!;
        Assert.True(store.Heartbeat("worker-a", claim));
        Assert.False(store.Heartbeat("worker-a", claim with { Attempt = 2 }));
        Assert.Contains(store.LiveWorkers(TimeSpan.FromHours(1)), w => w.Worker == "worker-a");
        store.Report(claim, TrialOutcome.Failed("boom"));
        Assert.False(store.Heartbeat("worker-a", claim));
    }

    [SkippableFact]
    public void Finished_trials_stay_untold_until_marked_told_with_the_checkpoint()
    {
        var store = NewStore();
        store.Enqueue([Samples.Proposal(1), Samples.Proposal(2), Samples.Proposal(3)], Samples.Checkpoint(1));
        Completed(store, 1, Samples.Metrics(0.5, 10));
        var second = store.Claim("worker-a")!;
        store.Report(second, TrialOutcome.Failed("diverged"));
        store.Enqueue([Samples.Proposal(4, duplicateOf: 1)], Samples.Checkpoint(2));
        Both(store, r => Assert.Equal(0, r.ListTrials(TrialQuery.All).Count(t => t.Told)));
        Assert.Equal([1, 2, 4], Ids(store.FinishedUntold()));

        // Trial 3 is still queued: telling it is refused and nothing changes.
        Assert.Throws<InvalidOperationException>(() => store.MarkTold([1, 3], Samples.Checkpoint(3)));
        Assert.Throws<InvalidOperationException>(() => store.MarkTold([99], Samples.Checkpoint(3)));
        Assert.Equal([1, 2, 4], Ids(store.FinishedUntold()));
        Assert.Equal(Samples.Checkpoint(2), store.LatestCheckpoint()!.Blob);

        store.MarkTold([1, 4], Samples.Checkpoint(4));
        Assert.Equal([2], Ids(store.FinishedUntold()));
        Both(store, r =>
        {
            Assert.Equal([1, 4], Ids(r.ListTrials(TrialQuery.All).Where(t => t.Told)));
            Assert.Equal(4, r.LatestCheckpoint()!.AfterTrial);
            Assert.Equal(Samples.Checkpoint(4), r.LatestCheckpoint()!.Blob);
        });
        store.MarkTold([2], Samples.Checkpoint(5));
        Assert.Empty(store.FinishedUntold());
    }

    [SkippableFact]
    public void Checkpoints_are_kept_by_write_order_ten_at_most_even_several_after_one_trial()
    {
        var store = NewStore();
        store.Enqueue([Samples.Proposal(1)], Samples.Checkpoint(1));
        Completed(store, 1, Samples.Metrics(0.5, 10));
        store.MarkTold([1], Samples.Checkpoint(2));
        // Several checkpoints after the same trial: the newest written wins, not the highest trial number.
        for (var i = 3; i <= 15; i++) store.MarkTold([], Samples.Checkpoint(i));
        Assert.Equal(10, StoredCheckpointCount(store));
        Both(store, r =>
        {
            Assert.Equal(1, r.LatestCheckpoint()!.AfterTrial);
            Assert.Equal(Samples.Checkpoint(15), r.LatestCheckpoint()!.Blob);
        });
        store.Enqueue([Samples.Proposal(2)], Samples.Checkpoint(16));
        Assert.Equal(10, StoredCheckpointCount(store));
        Both(store, r =>
        {
            Assert.Equal(2, r.LatestCheckpoint()!.AfterTrial);
            Assert.Equal(Samples.Checkpoint(16), r.LatestCheckpoint()!.Blob);
        });
    }

    [SkippableFact]
    public void A_new_store_has_no_checkpoint_and_no_trials()
    {
        var store = NewStore();
        Both(store, r =>
        {
            Assert.Null(r.LatestCheckpoint());
            Assert.Empty(r.ListTrials(TrialQuery.All));
            Assert.Equal(0, r.Count());
            Assert.Empty(r.ListRuns());
        });
        Assert.Empty(store.FinishedUntold());
        Assert.Null(store.Claim("worker-a"));
    }

    [SkippableFact]
    public void List_filters_sorts_in_the_natural_direction_with_missing_values_last_and_takes_top()
    {
        var store = NewStore();
        // trial: accuracy / latency; 5 fails, 6 stays queued, 7 is a duplicate of 2.
        (double Acc, double Lat)[] results = [(0.70, 30), (0.90, 50), (0.80, 10), (0.60, 40)];
        store.Enqueue(Enumerable.Range(1, 6).Select(i => Samples.Proposal(i)).ToList(), Samples.Checkpoint(1));
        for (var i = 0; i < results.Length; i++) Completed(store, i + 1, Samples.Metrics(results[i].Acc, results[i].Lat, reward: results[i].Acc));
        store.Report(store.Claim("worker-a")!, TrialOutcome.Failed("boom"));
        store.Enqueue([Samples.Proposal(7, duplicateOf: 2)], Samples.Checkpoint(2));

        Both(store, r =>
        {
            Assert.Equal([1, 2, 3, 4, 5, 6, 7], Ids(r.ListTrials(TrialQuery.All)));
            Assert.Equal([2, 7, 3, 1, 4, 5, 6], Ids(r.ListTrials(new TrialQuery(SortBy: "accuracy")))); // best first, ties by id, NULLs last
            Assert.Equal([3, 1, 4, 2, 7, 5, 6], Ids(r.ListTrials(new TrialQuery(SortBy: "latency_ms")))); // fastest first
            Assert.Equal([2, 7, 4, 1, 3, 5, 6], Ids(r.ListTrials(new TrialQuery(SortBy: "latency_ms", Descending: true)))); // NULLs still last
            Assert.Equal([7, 6, 5, 4, 3, 2, 1], Ids(r.ListTrials(new TrialQuery(SortBy: "id", Descending: true))));
            Assert.Equal([2, 7], Ids(r.ListTrials(new TrialQuery(SortBy: "reward", Top: 2))));
            Assert.Equal([1, 2, 3, 4, 7, 5, 6], Ids(r.ListTrials(new TrialQuery(SortBy: "val_loss")))); // equal values: by id
            Assert.Equal([1, 2, 3, 4, 5, 6, 7], Ids(r.ListTrials(new TrialQuery(SortBy: "train_seconds")))); // the duplicate has none
            Assert.Equal([5], Ids(r.ListTrials(new TrialQuery(Status: TrialStatus.Failed))));
            Assert.Equal([7], Ids(r.ListTrials(new TrialQuery(Status: TrialStatus.Duplicate))));
            Assert.Equal([4, 1], Ids(r.ListTrials(new TrialQuery(Status: TrialStatus.Completed, SortBy: "accuracy", Descending: false, Top: 2))));
            Assert.Equal([6], Ids(r.ListTrials(new TrialQuery(Status: TrialStatus.Queued, SortBy: "accuracy"))));
        });
    }

    [SkippableFact]
    public void An_unknown_sort_column_or_top_is_refused_naming_the_allowed_values()
    {
        var store = NewStore();
        var e = Assert.Throws<TrialStoreException>(() => store.ListTrials(new TrialQuery(SortBy: "acuracy")));
        Assert.Equal("cannot sort by 'acuracy'; did you mean 'accuracy'? allowed columns: id, accuracy, val_loss, latency_ms, " +
                     "params, macs, reward, train_seconds, latency_seconds, images_per_sec", e.Message);
        Assert.Throws<TrialStoreException>(() => store.ListTrials(new TrialQuery(SortBy: "block_string; DROP TABLE trials")));
        using var reader = OpenReader(store);
        Assert.Throws<TrialStoreException>(() => reader.ListTrials(new TrialQuery(SortBy: "error")));
        Assert.Throws<TrialStoreException>(() => reader.ListTrials(new TrialQuery(Top: 0)));
    }

    [SkippableFact]
    public void Find_by_arch_hash_returns_the_earliest_completed_trial_only()
    {
        var store = NewStore();
        store.Enqueue([Samples.Proposal(7), Samples.Proposal(7), Samples.Proposal(7), Samples.Proposal(8)], Samples.Checkpoint(1));
        store.Report(store.Claim("worker-a")!, TrialOutcome.Failed("diverged")); // trial 1: failed
        Assert.Null(store.FindCompletedByArchHash("hash-7"));
        var second = store.Claim("worker-a")!;
        Assert.Null(store.FindCompletedByArchHash("hash-7")); // running
        store.Report(second, TrialOutcome.Completed(Samples.Metrics(0.6, 20)));
        Completed(store, 3, Samples.Metrics(0.61, 20));
        store.Enqueue([Samples.Proposal(7, duplicateOf: 2)], Samples.Checkpoint(2));
        Both(store, r =>
        {
            Assert.Equal(2, r.FindCompletedByArchHash("hash-7")!.Id);
            Assert.Null(r.FindCompletedByArchHash("hash-8")); // queued
            Assert.Null(r.FindCompletedByArchHash("hash-9"));
        });
    }

    [SkippableFact]
    public void Count_counts_all_trials_or_those_in_one_status()
    {
        var store = NewStore();
        store.Enqueue(Enumerable.Range(1, 5).Select(i => Samples.Proposal(i)).ToList(), Samples.Checkpoint(1));
        Completed(store, 1, Samples.Metrics(0.5, 10));
        store.Report(store.Claim("worker-a")!, TrialOutcome.Failed("boom"));
        store.Claim("worker-a");
        store.Enqueue([Samples.Proposal(6, duplicateOf: 1)], Samples.Checkpoint(2));
        Both(store, r =>
        {
            Assert.Equal(6, r.Count());
            Assert.Equal((1, 1, 1, 1, 2),
                (r.Count(TrialStatus.Completed), r.Count(TrialStatus.Failed), r.Count(TrialStatus.Running), r.Count(TrialStatus.Duplicate), r.Count(TrialStatus.Queued)));
        });
    }

    [SkippableFact]
    public void Runs_round_trip_oldest_first()
    {
        var store = NewStore();
        var first = new RunRecord("coordinator", "node7:4121", new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), NasLabVersion.Current,
            "0.105.0", "2.5.1", "1.31.1", 4, 8, "Debian 12", Samples.Identity.Dataset);
        var second = first with { Role = "worker", Process = "worker-a", TorchThreads = 1, StartedAt = first.StartedAt.AddMinutes(1) };
        store.RecordRun(first);
        store.RecordRun(second);
        Both(store, r => Assert.Equal([first, second], r.ListRuns()));
    }

    [SkippableFact]
    public void The_experiment_keeps_its_identity_dataset_and_status()
    {
        var before = DateTimeOffset.UtcNow;
        var store = NewStore();
        var after = DateTimeOffset.UtcNow;
        Both(store, r =>
        {
            var e = r.GetExperiment();
            Assert.Equal(("exp", "name: exp\n", "name: 'exp'\n", new string('a', 64)), (e.Name, e.ConfigYaml, e.ResolvedConfigYaml, e.ConfigHash));
            Assert.Equal(Samples.Identity.Dataset, e.Dataset);
            Assert.Equal(ExperimentStatus.Created, e.Status);
            Assert.Equal(NasLabVersion.Current, e.NaslabVersion);
            AssertUtcMilliseconds(e.CreatedAt, before, after);
            Assert.Equal(e.CreatedAt, e.UpdatedAt);
        });
        store.SetStatus(ExperimentStatus.Completed);
        Both(store, r =>
        {
            Assert.Equal(ExperimentStatus.Completed, r.GetExperiment().Status);
            Assert.True(r.GetExperiment().UpdatedAt >= r.GetExperiment().CreatedAt);
        });
        store.SetStatus(ExperimentStatus.Failed);
        Both(store, r => Assert.Equal(ExperimentStatus.Failed, r.GetExperiment().Status));
    }

    [SkippableFact]
    public void A_reader_shows_exactly_what_the_writer_committed()
    {
        var store = NewStore();
        var committed = new List<string>();
        StoreWorkload.Run(store, new Random(5), rounds: 12, checkpointPadding: 100, committed.Add);
        store.Claim("worker-z");
        using var reader = OpenReader(store);
        Assert.True(reader.IsReadOnly);
        Assert.False(store.IsReadOnly);
        Assert.Equal(Samples.Snapshot(store), Samples.Snapshot(reader));
        StoreWorkload.AssertHoldsCommitted(reader, committed);
    }
}
