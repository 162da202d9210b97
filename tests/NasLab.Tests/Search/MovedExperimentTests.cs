using NasLab.Search.Config;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;

namespace NasLab.Tests.Search;

/// <summary>
/// Issue 11 item 7: one rule for paths. A resumed experiment writes where its store is, even after its
/// folder was moved and renamed; relative paths in an experiment file resolve from the working directory.
/// </summary>
public sealed class MovedExperimentTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-moved-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class StopAfterFirstTrial(CancellationTokenSource stop) : ISearchObserver
    {
        public void Started(SearchPlan plan) { }
        public void TrialStarted(int trialId, string summary) { }
        public void TrialFinished(TrialRecord trial, TrialRecord? best) => stop.Cancel();
        public void Message(string text) { }
    }

    [Fact]
    public void A_moved_and_renamed_experiment_resumes_in_its_new_folder()
    {
        var yaml = Path.Combine(_dir, "moved.yaml");
        File.WriteAllText(yaml, $"""
            name: moved
            output_dir: {_dir}/runs
            dataset:
              path: auto
              validation_size: 200
              train_subset: 128
            proxy_training:
              epochs: 1
              width_multiplier: 0.25
            reward:
              target_ms: 5
            latency:
              mode: measured
              runs: 2
              warmup_runs: 1
            budget:
              trials: 2
            """);
        var cache = Path.Combine(_dir, "cache");
        using (var stop = new CancellationTokenSource())
        {
            var first = SearchSession.Start(yaml, false, new StopAfterFirstTrial(stop), stop.Token, latencyCacheDirectory: cache);
            Assert.Equal(SearchEnd.Stopped, first.End);
        }
        var moved = Path.Combine(_dir, "elsewhere", "renamed");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(Path.Combine(_dir, "runs", "moved"), moved);

        var second = SearchSession.Resume(moved, false, NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: cache);
        Assert.Equal(SearchEnd.BudgetSpent, second.End);
        Assert.False(Directory.Exists(Path.Combine(_dir, "elsewhere", "moved")), "resume wrote into a new sibling folder");
        Assert.False(Directory.Exists(Path.Combine(_dir, "runs", "moved")), "resume wrote into the old folder");
        var log = File.ReadAllText(Path.Combine(moved, "search.log"));
        Assert.True(log.Contains("BudgetSpent"), log);
        using var store = LiteDbTrialStore.OpenReadOnly(Path.Combine(moved, "trials.db"));
        Assert.Equal(2, store.Count(TrialStatus.Completed) + store.Count(TrialStatus.Failed));
    }
}
