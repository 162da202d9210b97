using LiteDB;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store;

/// <summary>What is particular to the LiteDB store: files, opening, the writer lock, re-queue at open, checkpoints of the log.</summary>
public sealed class LiteDbTrialStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Db => Path.Combine(_dir.Path, "exp", LiteDbTrialStore.FileName);

    private string Log => Path.Combine(_dir.Path, "exp", "trials-log.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Create_leaves_one_file_with_the_metadata_and_refuses_an_existing_store()
    {
        using (LiteDbTrialStore.Create(Db, Samples.Identity))
        {
        }
        Assert.Equal(["trials.db", "trials.db.checkpoint-lock", "trials.db.lock"], Directory.GetFiles(Path.GetDirectoryName(Db)!).Select(Path.GetFileName).Order().ToArray());
        using (var raw = new LiteDatabase(new ConnectionString { Filename = Db, ReadOnly = true }))
        {
            var meta = raw.GetCollection("metadata").FindById("store");
            Assert.Equal(("naslab-trials", 1, 0, 1L), (meta["format"].AsString, meta["schema_version"].AsInt32, meta["trials"].AsInt32, meta["documents"].AsInt64));
            var experiment = raw.GetCollection("experiment").FindById(1);
            Assert.Equal("exp", experiment["name"].AsString);
            Assert.Equal("cifar10", experiment["dataset"]["name"].AsString);
            Assert.Equal(64, experiment["sha256"].AsString.Length);
        }
        var e = Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.Create(Db, Samples.Identity));
        Assert.Equal($"{Db}: a trial store already exists here", e.Message);
    }

    [Fact]
    public void Paths_resolve_from_the_experiment_folder()
    {
        using (LiteDbTrialStore.Create(Db, Samples.Identity))
        {
        }
        Assert.Equal(Db, LiteDbTrialStore.ResolveDatabasePath(Path.GetDirectoryName(Db)!));
        Assert.Equal(Db, LiteDbTrialStore.ResolveDatabasePath(Db));
        using var reader = LiteDbTrialStore.OpenReadOnly(LiteDbTrialStore.ResolveDatabasePath(Path.GetDirectoryName(Db)!));
        Assert.Equal(Db, reader.Location);
    }

    [Fact]
    public void Opening_what_is_not_a_trial_store_is_a_clear_error_naming_the_file()
    {
        var missing = _dir.File("missing.db");
        Assert.Equal($"{missing}: no such trial store", Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.OpenReadOnly(missing)).Message);
        Assert.Equal($"{missing}: no such trial store", Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.Open(missing)).Message);
        Assert.StartsWith($"{_dir.Path}: is a directory", Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.OpenReadOnly(_dir.Path)).Message);

        var junk = _dir.File("junk.db");
        File.WriteAllText(junk, "this is not LiteDB, just some text that is long enough to look like a header....");
        Assert.StartsWith($"{junk}: not a naslab trial store", Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.OpenReadOnly(junk)).Message);
        Assert.StartsWith($"{junk}: not a naslab trial store", Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.Open(junk)).Message);
        Assert.Equal("this is not LiteDB, just some text that is long enough to look like a header....", File.ReadAllText(junk)); // untouched

        var otherLiteDb = _dir.File("other.db");
        using (var db = new LiteDatabase(otherLiteDb)) db.GetCollection("customers").Insert(new BsonDocument { ["name"] = "Ada" });
        Assert.StartsWith($"{otherLiteDb}: not a naslab trial store", Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.OpenReadOnly(otherLiteDb)).Message);
        Assert.StartsWith($"{otherLiteDb}: not a naslab trial store", Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.Open(otherLiteDb)).Message);
    }

    [Fact]
    public void Another_schema_version_is_refused_by_readers_and_writers()
    {
        using (LiteDbTrialStore.Create(Db, Samples.Identity))
        {
        }
        using (var raw = new RawStore(Db)) raw.FixMetadata(m => m["schema_version"] = 2);
        var expected = $"{Db}: trial store schema version 2 is not supported by naslab {NasLabVersion.Current} (expects 1)";
        Assert.Equal(expected, Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.OpenReadOnly(Db)).Message);
        Assert.Equal(expected, Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.Open(Db)).Message);
    }

    [Fact]
    public void Reopen_keeps_everything_and_checks_the_config_hash_unless_forced()
    {
        using (var store = LiteDbTrialStore.Create(Db, Samples.Identity))
        {
            store.Enqueue([Samples.Proposal(1)], Samples.Checkpoint(1));
            store.Report(store.Claim("w")!, TrialOutcome.Completed(Samples.Metrics(0.7, 12)));
            store.SetStatus(ExperimentStatus.Completed);
        }
        using (var reopened = LiteDbTrialStore.Open(Db, Samples.Identity.ConfigHash))
        {
            Assert.Equal(0.7, reopened.GetTrial(1)!.Accuracy);
            Assert.Equal(ExperimentStatus.Completed, reopened.GetExperiment().Status);
            Assert.Equal(Samples.Checkpoint(1), reopened.LatestCheckpoint()!.Blob);
            Assert.Empty(reopened.RequeuedAtOpen);
        }

        var other = new string('b', 64);
        var e = Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.Open(Db, other));
        Assert.Equal($"{Db}: this experiment was created from a different configuration (stored config hash aaaaaaaaaaaa, given bbbbbbbbbbbb); " +
                     "use a new experiment name, or pass --force to continue with the new configuration", e.Message);

        var changed = Samples.Identity with { ConfigYaml = "name: exp\nseed: 2\n", ConfigHash = other };
        using (var forced = LiteDbTrialStore.Open(Db, other, force: true, identity: changed))
        {
            Assert.Equal(other, forced.GetExperiment().ConfigHash);
            Assert.Equal(1, forced.Count());
        }
        using var again = LiteDbTrialStore.OpenReadOnly(Db);
        Assert.Equal(("name: exp\nseed: 2\n", other), (again.GetExperiment().ConfigYaml, again.GetExperiment().ConfigHash));
    }

    [Fact]
    public void Only_one_writer_at_a_time_but_readers_are_welcome_and_see_a_snapshot()
    {
        using var writer = LiteDbTrialStore.Create(Db, Samples.Identity);
        var e = Assert.ThrowsAny<TrialStoreException>(() => LiteDbTrialStore.Open(Db));
        Assert.Equal($"{Db}: another naslab process is writing this experiment; wait for it to finish or stop it first", e.Message);

        writer.Enqueue([Samples.Proposal(1)], Samples.Checkpoint(1));
        using var reader = LiteDbTrialStore.OpenReadOnly(Db);
        Assert.True(reader.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => reader.Enqueue([Samples.Proposal(2)], Samples.Checkpoint(2)));
        Assert.Throws<InvalidOperationException>(() => reader.SetStatus(ExperimentStatus.Failed));

        writer.Enqueue([Samples.Proposal(2)], Samples.Checkpoint(2));
        Assert.Equal(1, reader.Count()); // opened before trial 2 was committed
        using var later = LiteDbTrialStore.OpenReadOnly(Db);
        Assert.Equal(2, later.Count());
    }

    [Fact]
    public void A_reader_opened_inside_a_write_transaction_sees_the_state_before_it()
    {
        using var writer = LiteDbTrialStore.Create(Db, Samples.Identity);
        writer.Enqueue([Samples.Proposal(1)], Samples.Checkpoint(1));
        var before = "";
        var seen = new List<string>();
        writer.BeforeWriteStep = step =>
        {
            using var r = LiteDbTrialStore.OpenReadOnly(Db);
            seen.Add(step + ":" + (Samples.Snapshot(r) == before));
        };
        before = Samples.Snapshot(writer);
        var claim = writer.Claim("w")!;
        before = Samples.Snapshot(writer);
        writer.Report(claim, TrialOutcome.Completed(Samples.Metrics(0.5, 10)));
        writer.BeforeWriteStep = null;
        Assert.Equal(["trial:True", "experiment:True", "metadata:True", "trial:True", "experiment:True", "metadata:True"], seen);
        using var after = LiteDbTrialStore.OpenReadOnly(Db);
        Assert.Equal(TrialStatus.Completed, after.GetTrial(1)!.Status);
    }

    [Fact]
    public void Opening_for_writing_requeues_running_trials_keeping_their_attempts()
    {
        TrialClaim stale;
        using (var store = LiteDbTrialStore.Create(Db, Samples.Identity))
        {
            store.SetStatus(ExperimentStatus.Running);
            store.Enqueue([Samples.Proposal(1), Samples.Proposal(2), Samples.Proposal(3)], Samples.Checkpoint(1));
            store.Report(store.Claim("w")!, TrialOutcome.Completed(Samples.Metrics(0.5, 10)));
            stale = store.Claim("w")!;
            store.Claim("w"); // the process "dies" while trials 2 and 3 train
        }
        using (var reader = LiteDbTrialStore.OpenReadOnly(Db))
        {
            Assert.Equal(2, reader.Count(TrialStatus.Running)); // readers never change anything
            Assert.Equal(ExperimentStatus.Interrupted, reader.GetExperiment().Status); // no writer holds the lock
        }

        using var resumed = LiteDbTrialStore.Open(Db, Samples.Identity.ConfigHash);
        Assert.Equal([2, 3], resumed.RequeuedAtOpen);
        var requeued = resumed.GetTrial(2)!;
        Assert.Equal((TrialStatus.Queued, 1, (string?)null), (requeued.Status, requeued.Attempts, requeued.Worker));
        Assert.Equal(ExperimentStatus.Interrupted, resumed.GetExperiment().Status);
        Assert.Equal(TrialStatus.Completed, resumed.GetTrial(1)!.Status);

        var again = resumed.Claim("w2")!;
        Assert.Equal((2, 2), (again.TrialId, again.Attempt));
        Assert.Throws<ClaimLostException>(() => resumed.Report(stale, TrialOutcome.Failed("late")));
        resumed.Report(again, TrialOutcome.Failed("diverged"));
        Assert.Equal("diverged", resumed.GetTrial(2)!.Error);
    }

    [Fact]
    public void A_reader_reports_running_as_interrupted_only_when_no_writer_holds_the_lock()
    {
        using (var writer = LiteDbTrialStore.Create(Db, Samples.Identity))
        {
            writer.SetStatus(ExperimentStatus.Running);
            using var whileWriting = LiteDbTrialStore.OpenReadOnly(Db);
            Assert.Equal(ExperimentStatus.Running, whileWriting.GetExperiment().Status);
            Assert.Equal(ExperimentStatus.Running, writer.GetExperiment().Status);
        }
        using (var reader = LiteDbTrialStore.OpenReadOnly(Db))
            Assert.Equal(ExperimentStatus.Interrupted, reader.GetExperiment().Status);

        // A store copied without its lock file has no writer either; the probe must not create the file.
        File.Delete(Db + ".lock");
        using (var reader = LiteDbTrialStore.OpenReadOnly(Db))
            Assert.Equal(ExperimentStatus.Interrupted, reader.GetExperiment().Status);
        Assert.False(File.Exists(Db + ".lock"));

        using (var writer = LiteDbTrialStore.Open(Db)) writer.SetStatus(ExperimentStatus.Completed);
        using (var reader = LiteDbTrialStore.OpenReadOnly(Db))
            Assert.Equal(ExperimentStatus.Completed, reader.GetExperiment().Status);
    }

    [Fact]
    public void Timestamps_are_stored_in_utc_with_milliseconds_and_read_back_as_written()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(4321));
        var ms = new DateTimeOffset(2026, 1, 2, 1, 4, 5, 678, TimeSpan.Zero);
        using var store = LiteDbTrialStore.Create(Db, Samples.Identity, clock);
        store.Enqueue([Samples.Proposal(1)], Samples.Checkpoint(1));
        clock.Advance(TimeSpan.FromSeconds(90));
        store.Report(store.Claim("w")!, TrialOutcome.Completed(Samples.Metrics(0.5, 10)));
        using var reader = LiteDbTrialStore.OpenReadOnly(Db);
        foreach (var r in new ITrialReader[] { store, reader })
        {
            Assert.Equal(ms, r.GetExperiment().CreatedAt);
            Assert.Equal(ms, r.GetTrial(1)!.StartedAt);
            Assert.Equal(ms.AddSeconds(90), r.GetTrial(1)!.FinishedAt);
            Assert.Equal(ms.AddSeconds(90), r.GetExperiment().UpdatedAt);
            Assert.Equal(ms, r.LatestCheckpoint()!.CreatedAt);
        }
        using var raw = new LiteDatabase(new ConnectionString { Filename = Db, ReadOnly = true });
        Assert.Equal("2026-01-02T01:04:05.678Z", raw.GetCollection("trials").FindById(1)["started_at"].AsString);
    }

    [Fact]
    public void Metrics_outside_their_range_are_refused_naming_the_field()
    {
        using var store = LiteDbTrialStore.Create(Db, Samples.Identity);
        store.Enqueue([Samples.Proposal(1)], Samples.Checkpoint(1));
        var claim = store.Claim("w")!;
        // Accuracy is a fraction; 81.5 (a percentage by mistake) is refused and nothing changes.
        var e = Assert.Throws<ArgumentException>(() => store.Report(claim, TrialOutcome.Completed(Samples.Metrics(81.5, 10))));
        Assert.StartsWith("metrics.accuracy must be a fraction between 0 and 1, got 81.5", e.Message);
        Assert.StartsWith("metrics.latency_ms must be a positive", Assert.Throws<ArgumentException>(() => store.Report(claim, TrialOutcome.Completed(Samples.Metrics(0.5, 0)))).Message);
        Assert.Throws<ArgumentException>(() => store.Report(claim, new TrialOutcome(null, null)));
        Assert.Equal(TrialStatus.Running, store.GetTrial(1)!.Status);
        store.Report(claim, TrialOutcome.Completed(Samples.Metrics(0.815, 10)));
    }

    [Fact]
    public void Dispose_folds_the_log_into_one_self_contained_file()
    {
        string written;
        using (var store = LiteDbTrialStore.Create(Db, Samples.Identity))
        {
            StoreWorkload.Run(store, new Random(3), rounds: 20, checkpointPadding: 5_000, _ => { });
            Assert.True(new FileInfo(Log).Length > 0, "the writer's commits go to the log first");
            written = Samples.Snapshot(store);
        }
        Assert.False(File.Exists(Log));
        var copy = _dir.File("copy.db");
        File.Copy(Db, copy); // the data file alone, nothing else
        using var reader = LiteDbTrialStore.OpenReadOnly(copy);
        Assert.Equal(written, Samples.Snapshot(reader));
    }

    [Fact]
    public void The_log_is_checkpointed_once_it_exceeds_the_threshold()
    {
        using var store = LiteDbTrialStore.Create(Db, Samples.Identity);
        store.CheckpointLogBytes = 256 * 1024;
        var sizes = new List<long>();
        var rng = new Random(1);
        for (var i = 0; i < 60; i++)
        {
            store.MarkTold([], StoreWorkload.Blob(0, 0, 40_000, rng)); // about 5 pages of checkpoint per commit
            sizes.Add(File.Exists(Log) ? new FileInfo(Log).Length : 0);
        }
        // Never more than the threshold plus the one commit that crossed it; and it did get that far, more than once.
        Assert.All(sizes, s => Assert.True(s <= store.CheckpointLogBytes + 128 * 1024, $"log {s} bytes"));
        Assert.True(sizes.Zip(sizes.Skip(1)).Count(p => p.Second < p.First) >= 3, string.Join(",", sizes));
        using var reader = LiteDbTrialStore.OpenReadOnly(Db);
        Assert.Equal(Samples.Snapshot(store), Samples.Snapshot(reader));
    }
}
