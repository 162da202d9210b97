using NasLab.Search.Store.LiteDb;
using System.Diagnostics;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Tests.Search;

/// <summary>
/// A real search process is killed with SIGKILL while a trial is training; resuming it re-runs that
/// trial (same candidate) and finishes the budget with no lost and no duplicated trials.
/// </summary>
public class SearchKillResumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task KilledSearchResumesWithoutLostOrDuplicatedTrials()
    {
        var yaml = Path.Combine(_dir, "kill.yaml");
        File.WriteAllText(yaml, $"""
            name: kill
            seed: 11
            output_dir: {_dir}/runs
            search_space:
              kind: mnasnet
            dataset:
              name: cifar10
              path: auto
              validation_size: 200
              train_subset: 256
            proxy_training:
              epochs: 2
              batch_size: 64
              width_multiplier: 0.25
            strategy:
              type: random
            reward:
              target_ms: 2
            latency:
              mode: measured
              runs: 3
              warmup_runs: 1
            budget:
              trials: 4
            """);
        var cache = Path.Combine(_dir, "cache");
        var db = ExperimentConfigLoader.LoadFile(yaml).DatabasePath;

        using var child = HelperProcess.Start("search", yaml, cache);
        var stderr = child.StandardError.ReadToEndAsync();
        int[]? inFlight = null;
        try
        {
            // Wait until two trials are recorded and the third is training, then kill without warning.
            var deadline = Stopwatch.StartNew();
            while (inFlight is null)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(5), "the search did not reach its third trial in time");
                if (child.HasExited) Assert.Fail("the search exited before its third trial: " + await stderr);
                await Task.Delay(100);
                if (!File.Exists(db)) continue;
                try
                {
                    using var reader = LiteDbTrialStore.OpenReadOnly(db);
                    if (reader.Count(TrialStatus.Completed) >= 2 && reader.GetTrial(3) is { Status: TrialStatus.Running } running)
                        inFlight = running.Decisions;
                }
                catch (TrialStoreException) { } // created a moment ago, schema not committed yet

            }
        }
        finally
        {
            child.Kill();
            Assert.True(child.WaitForExit(10_000));
        }
        output.WriteLine($"killed during trial 3 (exit code {child.ExitCode})");

        var outcome = SearchSession.Resume(Path.GetDirectoryName(db)!, force: false, NullSearchObserver.Instance, CancellationToken.None,
            latencyCacheDirectory: cache);
        Assert.Equal(SearchEnd.BudgetSpent, outcome.End);
        Assert.Equal(2, outcome.TrialsRun);

        using var store = LiteDbTrialStore.OpenReadOnly(db);
        var trials = store.ListTrials(TrialQuery.All);
        Assert.Equal([1, 2, 3, 4], trials.Select(t => t.Id));
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        // The re-run trial 3 is the candidate that was in flight when the process died.
        Assert.Equal(inFlight, trials[2].Decisions);
        Assert.Equal(ExperimentStatus.Completed, store.GetExperiment().Status);
        Assert.Contains("were interrupted and will run again", File.ReadAllText(Path.Combine(Path.GetDirectoryName(db)!, "search.log")));
    }

    [Fact]
    public void StopRequestedBeforeTheFirstTrialRunsNothing()
    {
        var yaml = Path.Combine(_dir, "stop.yaml");
        File.WriteAllText(yaml, $"""
            name: stop
            output_dir: {_dir}/runs
            reward:
              target_ms: 5
            dataset:
              path: auto
              validation_size: 200
              train_subset: 256
            latency:
              mode: measured
            """);
        var outcome = SearchSession.Start(yaml, false, NullSearchObserver.Instance, new CancellationToken(canceled: true), latencyCacheDirectory: Path.Combine(_dir, "cache"));
        Assert.Equal(new SearchOutcome(SearchEnd.Stopped, 0), outcome);
        using var store = LiteDbTrialStore.OpenReadOnly(ExperimentConfigLoader.LoadFile(yaml).DatabasePath);
        Assert.Equal(ExperimentStatus.Interrupted, store.GetExperiment().Status);
    }
}
