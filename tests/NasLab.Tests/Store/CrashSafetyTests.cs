using Microsoft.Data.Sqlite;
using NasLab.Search.Store;
using NasLab.Tests.Support;

namespace NasLab.Tests.Store;

/// <summary>Atomicity, isolation and recovery: what a killed or failing search leaves behind.</summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Db => _dir.File("trials.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Exception_in_the_middle_of_a_transaction_leaves_no_partial_trial()
    {
        using var store = TrialStore.Create(Db, Samples.Identity);
        var first = store.BeginTrial(Samples.Proposal(1));
        store.CompleteTrial(first, Samples.Metrics(0.5, 10), Samples.Checkpoint(first));
        var second = store.BeginTrial(Samples.Proposal(2));

        // The checkpoint insert has run when the trial update throws; both must vanish together.
        store.BeforeWriteStep = step => { if (step == "trial") throw new IOException("disk unplugged"); };
        Assert.Throws<IOException>(() => store.CompleteTrial(second, Samples.Metrics(0.9, 10), Samples.Checkpoint(second)));
        store.BeforeWriteStep = null;

        Assert.Equal(TrialStatus.Running, store.GetTrial(second)!.Status);
        Assert.Null(store.GetTrial(second)!.Accuracy);
        Assert.Equal(first, store.LatestCheckpoint()!.AfterTrial);

        // The store is still usable afterwards.
        store.CompleteTrial(second, Samples.Metrics(0.9, 10), Samples.Checkpoint(second));
        Assert.Equal(second, store.LatestCheckpoint()!.AfterTrial);
    }

    [Fact]
    public void Constraint_violation_after_the_checkpoint_rolls_the_checkpoint_back()
    {
        using var store = TrialStore.Create(Db, Samples.Identity);
        var id = store.BeginTrial(Samples.Proposal(1));
        // Accuracy is a fraction; 81.5 (a percentage by mistake) violates the CHECK constraint.
        Assert.Throws<SqliteException>(() => store.CompleteTrial(id, Samples.Metrics(81.5, 10), Samples.Checkpoint(id)));
        Assert.Null(store.LatestCheckpoint());
        Assert.Equal(TrialStatus.Running, store.GetTrial(id)!.Status);
    }

    [Fact]
    public void Reader_never_sees_an_uncommitted_transaction()
    {
        using var writer = TrialStore.Create(Db, Samples.Identity);
        using var reader = TrialStore.OpenReadOnly(Db);
        var id = writer.BeginTrial(Samples.Proposal(1));

        (TrialStatus Status, StrategyCheckpoint? Checkpoint) seenMidTransaction = default;
        writer.BeforeWriteStep = step =>
        {
            // The checkpoint row is already written inside the open transaction at this point.
            if (step == "trial") seenMidTransaction = (reader.GetTrial(id)!.Status, reader.LatestCheckpoint());
        };
        writer.CompleteTrial(id, Samples.Metrics(0.5, 10), Samples.Checkpoint(id));

        Assert.Equal(TrialStatus.Running, seenMidTransaction.Status);
        Assert.Null(seenMidTransaction.Checkpoint);
        Assert.Equal(TrialStatus.Completed, reader.GetTrial(id)!.Status);
        Assert.Equal(id, reader.LatestCheckpoint()!.AfterTrial);
    }

    [Fact]
    public async Task Concurrent_reader_sees_only_whole_trials_while_the_writer_works()
    {
        const int trials = 40;
        using var writer = TrialStore.Create(Db, Samples.Identity);
        var writing = Task.Run(() =>
        {
            for (var i = 1; i <= trials; i++)
            {
                var id = writer.BeginTrial(Samples.Proposal(i));
                writer.CompleteTrial(id, Samples.Metrics(0.5, i), Samples.Checkpoint(id));
            }
        });

        using var reader = TrialStore.OpenReadOnly(Db);
        var lastCount = 0;
        var observations = 0;
        while (!writing.IsCompleted || observations == 0)
        {
            var rows = reader.ListTrials(TrialQuery.All);
            Assert.True(rows.Count >= lastCount, "trial count must never go down");
            lastCount = rows.Count;
            Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Id));
            foreach (var r in rows.Where(r => r.Status == TrialStatus.Completed))
            {
                Assert.NotNull(r.Accuracy);
                Assert.NotNull(r.FinishedAt);
            }
            observations++;
        }
        await writing;

        Assert.True(observations > 1);
        Assert.Equal(trials, reader.Count(TrialStatus.Completed));
        Assert.Equal(trials, reader.LatestCheckpoint()!.AfterTrial);
    }

    [Fact]
    public void Simulated_crash_leaves_a_running_trial_that_recovery_removes_for_a_rerun()
    {
        using (var store = TrialStore.Create(Db, Samples.Identity))
        {
            store.SetStatus(ExperimentStatus.Running);
            store.CompleteTrial(store.BeginTrial(Samples.Proposal(1)), Samples.Metrics(0.5, 10), Samples.Checkpoint(1));
            store.CompleteTrial(store.BeginTrial(Samples.Proposal(2)), Samples.Metrics(0.6, 10), Samples.Checkpoint(2));
            store.BeginTrial(Samples.Proposal(3)); // the process "dies" while trial 3 trains
        }

        using var resumed = TrialStore.Open(Db, Samples.Identity.ConfigHash);
        Assert.Equal(TrialStatus.Running, resumed.GetTrial(3)!.Status);

        var report = resumed.RecoverAfterCrash();
        Assert.Equal([3], report.RemovedRunningTrials);
        Assert.Equal(2, report.LatestCheckpointAfter);
        Assert.Null(resumed.GetTrial(3));
        Assert.Equal(ExperimentStatus.Interrupted, resumed.GetExperiment().Status);

        // The resumed search re-runs the same trial number.
        Assert.Equal(3, resumed.BeginTrial(Samples.Proposal(3)));
        Assert.Equal([3], resumed.RecoverAfterCrash().RemovedRunningTrials);
    }

    [Fact]
    public async Task Process_killed_with_sigkill_mid_loop_leaves_a_clean_database()
    {
        using var child = HelperProcess.Start("store-writer", Db);
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("ready", ready);
            await Task.Delay(300 + Random.Shared.Next(200)); // let it write a few dozen more trials
        }
        finally
        {
            child.Kill(); // SIGKILL on Unix: no finalizers, no rollback, no cleanup
            Assert.True(child.WaitForExit(10_000));
        }
        Assert.NotEqual(0, child.ExitCode);
        Assert.Equal("", await stderr.WaitAsync(TimeSpan.FromSeconds(5)));

        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", cmd.ExecuteScalar());
        }

        // The lock died with the process, so a new writer can take over at once.
        using var store = TrialStore.Open(Db, Samples.Identity.ConfigHash);
        var rows = store.ListTrials(TrialQuery.All);
        Assert.True(rows.Count >= 1);
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r.Id));
        // Only the last trial may have been in flight; every earlier one committed whole.
        Assert.All(rows.Take(rows.Count - 1), r => Assert.Equal(TrialStatus.Completed, r.Status));
        Assert.All(rows.Where(r => r.Status == TrialStatus.Completed), r =>
        {
            Assert.Equal(10.0 + r.Id, r.LatencyMs);
            Assert.NotNull(r.FinishedAt);
        });
        var lastCompleted = rows.Last(r => r.Status == TrialStatus.Completed).Id;
        Assert.Equal(lastCompleted, store.LatestCheckpoint()!.AfterTrial);
        Assert.Equal(Samples.Checkpoint(lastCompleted), store.LatestCheckpoint()!.Blob);

        var report = store.RecoverAfterCrash();
        Assert.Equal(rows[^1].Status == TrialStatus.Running ? [rows[^1].Id] : Array.Empty<int>(), report.RemovedRunningTrials);
        Assert.Equal(0, store.Count(TrialStatus.Running));
        Assert.Equal(lastCompleted + 1, store.BeginTrial(Samples.Proposal(0)));
    }
}
