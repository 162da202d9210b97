using Microsoft.Data.Sqlite;
using NasLab.Search.Store;
using NasLab.Tests.Support;

namespace NasLab.Tests.Store;

public sealed class TrialStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Db => Path.Combine(_dir.Path, "exp", "trials.db");

    public void Dispose() => _dir.Dispose();

    private static object? Query(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    [Fact]
    public void Create_makes_a_wal_database_with_the_experiment_row()
    {
        using (var store = TrialStore.Create(Db, Samples.Identity))
        {
            var e = store.GetExperiment();
            Assert.Equal("exp", e.Name);
            Assert.Equal("name: exp\n", e.ConfigYaml);
            Assert.Equal("name: 'exp'\n", e.ResolvedConfigYaml);
            Assert.Equal(new string('a', 64), e.ConfigHash);
            Assert.Equal(ExperimentStatus.Created, e.Status);
            Assert.Equal(NasLab.Search.NasLabVersion.Current, e.NaslabVersion);
            Assert.Equal(e.CreatedAt, e.UpdatedAt);
        }
        Assert.Equal("wal", Query(Db, "PRAGMA journal_mode"));
        Assert.Equal("1", Query(Db, "SELECT value FROM metadata WHERE key = 'schema_version'"));
        Assert.Throws<TrialStoreException>(() => TrialStore.Create(Db, Samples.Identity));
    }

    [Fact]
    public void Trial_life_cycle_round_trips_every_column()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));
        using var store = TrialStore.Create(Db, Samples.Identity, clock);

        var first = store.BeginTrial(Samples.Proposal(1));
        var running = store.GetTrial(first)!;
        Assert.Equal(1, first);
        Assert.Equal(TrialStatus.Running, running.Status);
        Assert.Equal([1, 1, 1], running.Decisions);
        Assert.Equal("{\"blocks\":[1]}", running.ArchitectureJson);
        Assert.Equal("b1_k3_e6", running.BlockString);
        Assert.Equal("hash-1", running.ArchHash);
        Assert.Equal(clock.Now, running.StartedAt);
        Assert.Null(running.FinishedAt);
        Assert.Null(running.Accuracy);

        clock.Advance(TimeSpan.FromSeconds(90));
        store.CompleteTrial(first, Samples.Metrics(0.8125, 42.5, reward: 0.79), Samples.Checkpoint(first));
        var done = store.GetTrial(first)!;
        Assert.Equal(TrialStatus.Completed, done.Status);
        Assert.Equal(0.8125, done.Accuracy);
        Assert.Equal(1.25, done.ValLoss);
        Assert.Equal(42.5, done.LatencyMs);
        Assert.Equal("lut", done.LatencyMode);
        Assert.Equal(1_234_567, done.Params);
        Assert.Equal(56_000_000, done.Macs);
        Assert.Equal(0.79, done.Reward);
        Assert.Equal(12.5, done.TrainSeconds);
        Assert.Equal(0.5, done.LatencySeconds);
        Assert.Equal(800, done.ImagesPerSec);
        Assert.Equal("[{\"epoch\":1,\"loss\":2.0}]", done.TrainingCurveJson);
        Assert.Equal(clock.Now, done.FinishedAt);
        Assert.Equal(clock.Now, store.GetExperiment().UpdatedAt);

        var second = store.BeginTrial(Samples.Proposal(2));
        store.FailTrial(second, "out of memory");
        var failed = store.GetTrial(second)!;
        Assert.Equal((2, TrialStatus.Failed, "out of memory"), (failed.Id, failed.Status, failed.Error));
        Assert.Null(failed.Accuracy);

        var third = store.BeginTrial(Samples.Proposal(1) with { Decisions = [1, 1, 1] });
        store.CompleteAsDuplicate(third, first, Samples.Checkpoint(third));
        var dup = store.GetTrial(third)!;
        Assert.Equal((TrialStatus.Duplicate, 1, 0.8125, 42.5, 0.79), (dup.Status, dup.DuplicateOf!.Value, dup.Accuracy!.Value, dup.LatencyMs!.Value, dup.Reward!.Value));
        Assert.Null(dup.TrainSeconds); // nothing was trained for the duplicate

        Assert.Equal(3, store.Count());
        Assert.Equal(1, store.Count(TrialStatus.Completed));
        Assert.Equal((3, clock.Now), (store.LatestCheckpoint()!.AfterTrial, store.LatestCheckpoint()!.CreatedAt));
        Assert.Equal(Samples.Checkpoint(3), store.LatestCheckpoint()!.Blob);
        Assert.Null(store.GetTrial(99));
    }

    [Fact]
    public void Completing_a_trial_that_is_not_running_is_refused()
    {
        using var store = TrialStore.Create(Db, Samples.Identity);
        var id = store.BeginTrial(Samples.Proposal(1));
        store.CompleteTrial(id, Samples.Metrics(0.5, 10));
        Assert.Throws<InvalidOperationException>(() => store.CompleteTrial(id, Samples.Metrics(0.6, 10)));
        Assert.Throws<InvalidOperationException>(() => store.FailTrial(42, "nope"));
        var other = store.BeginTrial(Samples.Proposal(2));
        Assert.Throws<InvalidOperationException>(() => store.CompleteAsDuplicate(other, other));
        Assert.Equal(0.5, store.GetTrial(id)!.Accuracy);
    }

    [Fact]
    public void Duplicate_lookup_finds_the_earliest_completed_trial_of_an_architecture()
    {
        using var store = TrialStore.Create(Db, Samples.Identity);
        var failed = store.BeginTrial(Samples.Proposal(7));
        store.FailTrial(failed, "diverged");
        Assert.Null(store.FindCompletedByArchHash("hash-7"));

        var ok = store.BeginTrial(Samples.Proposal(7));
        Assert.Null(store.FindCompletedByArchHash("hash-7")); // still running
        store.CompleteTrial(ok, Samples.Metrics(0.6, 20));
        var later = store.BeginTrial(Samples.Proposal(7));
        store.CompleteTrial(later, Samples.Metrics(0.61, 20));

        Assert.Equal(ok, store.FindCompletedByArchHash("hash-7")!.Id);
        Assert.Null(store.FindCompletedByArchHash("hash-8"));
    }

    [Fact]
    public void List_filters_sorts_in_the_natural_direction_and_takes_top_n()
    {
        using var store = TrialStore.Create(Db, Samples.Identity);
        // id: accuracy / latency
        (double Acc, double Lat)[] results = [(0.70, 30), (0.90, 50), (0.80, 10), (0.60, 40)];
        foreach (var (acc, lat) in results)
        {
            var id = store.BeginTrial(Samples.Proposal(acc > 0 ? (int)(acc * 10) : 0));
            store.CompleteTrial(id, Samples.Metrics(acc, lat, reward: acc));
        }
        var failed = store.BeginTrial(Samples.Proposal(9));
        store.FailTrial(failed, "boom");
        store.BeginTrial(Samples.Proposal(10)); // running

        static int[] Ids(IEnumerable<TrialRecord> t) => t.Select(x => x.Id).ToArray();
        Assert.Equal([1, 2, 3, 4, 5, 6], Ids(store.ListTrials(TrialQuery.All)));
        Assert.Equal([2, 3, 1, 4, 5, 6], Ids(store.ListTrials(new TrialQuery(SortBy: "accuracy")))); // best first, NULLs last
        Assert.Equal([3, 1, 4, 2, 5, 6], Ids(store.ListTrials(new TrialQuery(SortBy: "latency_ms")))); // fastest first
        Assert.Equal([2, 4, 1, 3, 5, 6], Ids(store.ListTrials(new TrialQuery(SortBy: "latency_ms", Descending: true))));
        Assert.Equal([2, 3], Ids(store.ListTrials(new TrialQuery(SortBy: "reward", Top: 2))));
        Assert.Equal([5], Ids(store.ListTrials(new TrialQuery(Status: TrialStatus.Failed))));
        Assert.Equal([4, 1], Ids(store.ListTrials(new TrialQuery(Status: TrialStatus.Completed, SortBy: "accuracy", Descending: false, Top: 2))));
    }

    [Fact]
    public void Unknown_sort_column_names_the_allowed_ones()
    {
        using var store = TrialStore.Create(Db, Samples.Identity);
        var e = Assert.Throws<TrialStoreException>(() => store.ListTrials(new TrialQuery(SortBy: "acuracy")));
        Assert.Equal("cannot sort by 'acuracy'; did you mean 'accuracy'? allowed columns: id, accuracy, val_loss, latency_ms, " +
                     "params, macs, reward, train_seconds, latency_seconds, images_per_sec", e.Message);
        // Not a numeric column, and no way to smuggle SQL in.
        Assert.Throws<TrialStoreException>(() => store.ListTrials(new TrialQuery(SortBy: "block_string; DROP TABLE trials")));
    }

    [Fact]
    public void Only_the_latest_checkpoints_are_kept()
    {
        using var store = TrialStore.Create(Db, Samples.Identity);
        for (var i = 1; i <= TrialStore.CheckpointsKept + 5; i++)
        {
            var id = store.BeginTrial(Samples.Proposal(i));
            store.CompleteTrial(id, Samples.Metrics(0.5, 10), Samples.Checkpoint(id));
        }
        Assert.Equal(TrialStore.CheckpointsKept + 5, store.LatestCheckpoint()!.AfterTrial);
        Assert.Equal((long)TrialStore.CheckpointsKept, Query(Db, "SELECT COUNT(*) FROM strategy_checkpoints"));
        Assert.Equal(6L, Query(Db, "SELECT MIN(after_trial) FROM strategy_checkpoints"));
    }

    [Fact]
    public void Reopen_keeps_everything_and_checks_the_config_hash()
    {
        using (var store = TrialStore.Create(Db, Samples.Identity))
        {
            var id = store.BeginTrial(Samples.Proposal(1));
            store.CompleteTrial(id, Samples.Metrics(0.7, 12), Samples.Checkpoint(id));
            store.SetStatus(ExperimentStatus.Completed);
        }

        using (var reopened = TrialStore.Open(Db, Samples.Identity.ConfigHash))
        {
            Assert.Equal(0.7, reopened.GetTrial(1)!.Accuracy);
            Assert.Equal(ExperimentStatus.Completed, reopened.GetExperiment().Status);
            Assert.Equal(1, reopened.LatestCheckpoint()!.AfterTrial);
        }

        var other = new string('b', 64);
        var e = Assert.Throws<TrialStoreException>(() => TrialStore.Open(Db, other));
        Assert.Contains("created from a different configuration (stored config hash aaaaaaaaaaaa, given bbbbbbbbbbbb)", e.Message);

        var changed = Samples.Identity with { ConfigYaml = "name: exp\nseed: 2\n", ConfigHash = other };
        using (var forced = TrialStore.Open(Db, other, force: true, identity: changed))
        {
            Assert.Equal(other, forced.GetExperiment().ConfigHash);
            Assert.Equal(1, forced.Count());
        }
        using var again = TrialStore.Open(Db, other);
        Assert.Equal("name: exp\nseed: 2\n", again.GetExperiment().ConfigYaml);
    }

    [Fact]
    public void Opening_something_that_is_not_a_trial_database_is_a_clear_error()
    {
        Assert.Equal($"{_dir.File("missing.db")}: no such trial database",
            Assert.Throws<TrialStoreException>(() => TrialStore.OpenReadOnly(_dir.File("missing.db"))).Message);
        File.WriteAllText(_dir.File("junk.db"), "this is not sqlite, just some text that is long enough to look like a header....");
        Assert.StartsWith($"{_dir.File("junk.db")}: not a",
            Assert.Throws<TrialStoreException>(() => TrialStore.OpenReadOnly(_dir.File("junk.db"))).Message);
        Assert.StartsWith($"{_dir.Path}: is a directory",
            Assert.Throws<TrialStoreException>(() => TrialStore.OpenReadOnly(_dir.Path)).Message);
    }

    [Fact]
    public void Only_one_writer_at_a_time_but_readers_are_welcome()
    {
        using var writer = TrialStore.Create(Db, Samples.Identity);
        var e = Assert.Throws<TrialStoreException>(() => TrialStore.Open(Db));
        Assert.Equal($"{Db}: another naslab process is writing this experiment; wait for it to finish or stop it first", e.Message);

        using var reader = TrialStore.OpenReadOnly(Db);
        Assert.True(reader.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => reader.BeginTrial(Samples.Proposal(1)));
    }

    [Fact]
    public void Reader_opens_a_cleanly_closed_database()
    {
        using (var store = TrialStore.Create(Db, Samples.Identity))
        {
            store.CompleteTrial(store.BeginTrial(Samples.Proposal(1)), Samples.Metrics(0.5, 10));
        }
        using var reader = TrialStore.OpenReadOnly(Db);
        Assert.Equal(1, reader.Count(TrialStatus.Completed));
    }
}
