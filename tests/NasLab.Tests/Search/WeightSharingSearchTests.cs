using System.Diagnostics;
using NasLab.Search.Config;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Tests.Search;

/// <summary>
/// <c>naslab search</c> with <c>evaluation.mode: weight-sharing</c> on the CIFAR-10 subset: the supernet phase, then its
/// finalists trained stand-alone as ordinary trials with the supernet's estimate beside them. A search process killed
/// with SIGKILL during supernet training resumes from its last checkpoint in the store and ends exactly where an
/// uninterrupted search of the same experiment ends.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public class WeightSharingSearchTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-ws-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Experiment(string name, string? wallTime = null)
    {
        var yaml = Path.Combine(_dir, $"{name}.yaml");
        File.WriteAllText(yaml, $"""
            name: {name}
            seed: 4
            output_dir: {_dir}/runs
            search_space:
              kind: mnasnet
            dataset:
              name: cifar10
              path: auto
              validation_size: 200
              train_subset: 512
            proxy_training:
              epochs: 1
              batch_size: 32
              width_multiplier: 0.25
            strategy:
              type: rl
              rl:
                batch_size: 4
            evaluation:
              mode: weight-sharing
              weight_sharing:
                warmup_steps: 16
                rounds: 8
                train_steps: 8
                candidates: 4
                validation_images: 200
                rerank: 2
                checkpoint_rounds: 2
            reward:
              target_ms: 2
            latency:
              mode: lut
              runs: 3
              warmup_runs: 1
            budget:
              trials: 10
              {(wallTime is null ? "" : $"wall_time: {wallTime}")}
            """);
        return yaml;
    }

    [Fact]
    public async Task A_search_killed_during_supernet_training_resumes_and_ends_as_the_uninterrupted_search()
    {
        var cache = Path.Combine(_dir, "cache");
        var whole = SearchSession.Start(Experiment("whole"), false, NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: cache);
        Assert.Equal(new SearchOutcome(SearchEnd.BudgetSpent, 2), whole);
        var wholeDb = ExperimentConfigLoader.LoadFile(Path.Combine(_dir, "whole.yaml")).DatabasePath;
        Assert.Contains("Supernet round 8/8", File.ReadAllText(Path.Combine(Path.GetDirectoryName(wholeDb)!, "search.log")));

        var yaml = Experiment("killed");
        var db = ExperimentConfigLoader.LoadFile(yaml).DatabasePath;
        using var child = HelperProcess.Start("search", yaml, cache);
        var stderr = child.StandardError.ReadToEndAsync();
        var killedAfterSteps = 0L;
        try
        {
            // Wait for the first supernet checkpoint, then kill without warning while the supernet trains on.
            var deadline = Stopwatch.StartNew();
            while (killedAfterSteps == 0)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(5), "the search wrote no supernet checkpoint in time");
                if (child.HasExited) Assert.Fail("the search exited before its first checkpoint: " + await stderr);
                await Task.Delay(50);
                if (!File.Exists(db)) continue;
                try
                {
                    using var reader = LiteDbTrialStore.OpenReadOnly(db);
                    if (reader.LatestCheckpoint() is null) continue;
                    Assert.Equal(0, reader.Count()); // still in the supernet phase: no trial yet
                    killedAfterSteps = reader.LatestCheckpoint()!.Blob.Length;
                }
                catch (TrialStoreException) { } // created a moment ago, schema not committed yet
            }
        }
        finally
        {
            child.Kill();
            Assert.True(child.WaitForExit(10_000));
        }
        output.WriteLine($"killed after the first checkpoint ({killedAfterSteps} bytes)");

        var resumed = SearchSession.Resume(Path.GetDirectoryName(db)!, force: false, NullSearchObserver.Instance, CancellationToken.None,
            latencyCacheDirectory: cache);
        Assert.Equal(new SearchOutcome(SearchEnd.BudgetSpent, 2), resumed);

        using var expected = LiteDbTrialStore.OpenReadOnly(wholeDb);
        using var actual = LiteDbTrialStore.OpenReadOnly(db);
        var wholeTrials = expected.ListTrials(TrialQuery.All);
        var trials = actual.ListTrials(TrialQuery.All);
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal(TrialStatus.Completed, t.Status);
            Assert.InRange(t.SupernetAccuracy!.Value, 0, 1);
            Assert.Equal(Math.Round(t.SupernetAccuracy.Value * 200), t.SupernetAccuracy.Value * 200, 9); // a count of the 200 images
        });
        // The same finalists, with the same supernet estimates: the resumed supernet and controller are the uninterrupted ones.
        Assert.Equal(wholeTrials.Select(t => t.Decisions), trials.Select(t => t.Decisions));
        Assert.Equal(wholeTrials.Select(t => t.SupernetAccuracy), trials.Select(t => t.SupernetAccuracy));
        Assert.Equal(ExperimentStatus.Completed, actual.GetExperiment().Status);
    }

    [Fact]
    public void A_wall_time_spent_during_the_supernet_phase_stops_at_a_checkpoint_and_the_next_run_finishes_the_phase()
    {
        var cache = Path.Combine(_dir, "cache");
        var yaml = Experiment("timed", wallTime: "1s");
        var db = ExperimentConfigLoader.LoadFile(yaml).DatabasePath;
        var first = SearchSession.Start(yaml, false, NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: cache);
        Assert.Equal(new SearchOutcome(SearchEnd.TimeSpent, 0), first);
        using (var reader = LiteDbTrialStore.OpenReadOnly(db))
        {
            Assert.Equal(0, reader.Count()); // nothing re-ranked: the phase is not over
            Assert.NotNull(reader.LatestCheckpoint());
            Assert.Equal(ExperimentStatus.Interrupted, reader.GetExperiment().Status);
        }
        var log = Path.Combine(Path.GetDirectoryName(db)!, "search.log");
        Assert.DoesNotContain("Supernet round 8/8", File.ReadAllText(log));
        Assert.Contains("because the wall-time budget was spent", File.ReadAllText(log));

        // The budget is not part of the experiment's identity: the same experiment with more time continues the phase.
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("wall_time: 1s", "wall_time: 1h"));
        var second = SearchSession.Start(yaml, false, NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: cache);
        Assert.Equal(new SearchOutcome(SearchEnd.BudgetSpent, 2), second);
        Assert.Contains("Supernet round 8/8", File.ReadAllText(log));
    }
}
