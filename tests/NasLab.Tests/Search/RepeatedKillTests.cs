using System.Diagnostics;
using NasLab.Search.Config;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Tests.Search;

/// <summary>
/// A real tiny search (real images, training, ONNX Runtime latency) is killed with SIGKILL at 20 random
/// instants - during start-up, training, measuring or a commit - and started again each time. After every
/// kill the store must be consistent and hold every trial that had finished before it; at the end the search
/// completes its budget with no trial lost or duplicated.
/// </summary>
public class RepeatedKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-kills-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const int Kills = 20;
    private const int Budget = 10;

    [Fact]
    public async Task Twenty_kills_at_random_instants_lose_no_finished_trial()
    {
        var yaml = Path.Combine(_dir, "kills.yaml");
        File.WriteAllText(yaml, $"""
            name: kills
            seed: 23
            output_dir: {_dir}/runs
            search_space:
              kind: mnasnet
            dataset:
              name: cifar10
              path: auto
              validation_size: 200
              train_subset: 256
            proxy_training:
              epochs: 1
              batch_size: 64
              width_multiplier: 0.25
            strategy:
              type: rl
              rl:
                batch_size: 2
            reward:
              target_ms: 2
            latency:
              mode: measured
              runs: 3
              warmup_runs: 1
            budget:
              trials: {Budget}
            """);
        var config = ExperimentConfigLoader.LoadFile(yaml);
        var cache = Path.Combine(_dir, "cache");
        var random = new Random(20261202);
        var finished = new Dictionary<int, string>();

        // Kill 1 calibrates the instants: the run is killed as soon as its first trial has finished (so in the
        // next one). Start-up S and one trial D, measured on this machine now, bound the later instants:
        // uniform in [0.2 s, S + 1.5 D], which covers start-up, store creation, training, measuring and commits.
        TimeSpan startup, trial;
        using (var child = HelperProcess.Start("search", yaml, cache))
        {
            var clock = Stopwatch.StartNew();
            TimeSpan? running = null;
            while (true)
            {
                // (The message is read only once the child has exited: reading a live child's stderr to the end would wait for it.)
                if (child.HasExited) Assert.Fail("the search ended before its first trial finished: " + await child.StandardError.ReadToEndAsync());
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "the first trial did not finish in 5 minutes");
                await Task.Delay(100);
                var trials = TryRead(config);
                if (trials is null) continue;
                if (running is null && trials.Any(t => t.Status == TrialStatus.Running)) running = clock.Elapsed;
                if (trials.Any(t => t.IsFinished)) break;
            }
            child.Kill();
            Assert.True(child.WaitForExit(20_000));
            startup = running ?? clock.Elapsed;
            trial = clock.Elapsed - startup;
        }
        CheckConsistent(config, finished);
        output.WriteLine($"kill 1 after the first trial: start-up {startup.TotalSeconds:F1} s, one trial {trial.TotalSeconds:F1} s");
        var window = startup + 1.5 * trial;

        for (int kill = 2; kill <= Kills; kill++)
        {
            var after = TimeSpan.FromSeconds(0.2 + random.NextDouble() * (window.TotalSeconds - 0.2));
            using (var child = HelperProcess.Start("search", yaml, cache))
            {
                var stderr = child.StandardError.ReadToEndAsync();
                var exited = child.WaitForExit(after);
                if (!exited) child.Kill();
                Assert.True(child.WaitForExit(20_000));
                if (exited && child.ExitCode != 0) Assert.Fail($"the search failed by itself: {await stderr}");
            }
            var trials = CheckConsistent(config, finished);
            output.WriteLine($"kill {kill} at {after.TotalSeconds:F1} s: {trials.Count(t => t.IsFinished)} finished, " +
                             $"{trials.Count(t => t.Status == TrialStatus.Running)} running, {trials.Count(t => t.Status == TrialStatus.Queued)} queued");
        }

        // Let the last run finish the budget.
        using (var child = HelperProcess.Start("search", yaml, cache))
        {
            var stderr = child.StandardError.ReadToEndAsync();
            Assert.True(child.WaitForExit(TimeSpan.FromMinutes(10)), "the final run did not finish");
            Assert.True(child.ExitCode == 0, await stderr);
        }
        var all = CheckConsistent(config, finished);
        Assert.Equal(Enumerable.Range(1, Budget), all.Select(t => t.Id));
        Assert.All(all, t => Assert.True(t.IsFinished && t.Told, $"trial {t.Id} is {t.Status}, told {t.Told}"));
        using var store = LiteDbTrialStore.OpenReadOnly(config.DatabasePath);
        Assert.Equal(ExperimentStatus.Completed, store.GetExperiment().Status);
    }

    private static IReadOnlyList<TrialRecord>? TryRead(ExperimentConfig config)
    {
        if (!File.Exists(config.DatabasePath)) return null;
        try
        {
            using var store = LiteDbTrialStore.OpenReadOnly(config.DatabasePath);
            return store.ListTrials(TrialQuery.All);
        }
        catch (TrialStoreException) { return null; } // created a moment ago: not a store yet
    }

    /// <summary>
    /// The store opens (its integrity check passes), trial numbers run 1..n, every finished trial has its
    /// metrics and a reward that recomputes from them, duplicates point at completed trials, and every trial
    /// finished before an earlier kill is still there, unchanged.
    /// </summary>
    private static IReadOnlyList<TrialRecord> CheckConsistent(ExperimentConfig config, Dictionary<int, string> finished)
    {
        using var store = LiteDbTrialStore.OpenReadOnly(config.DatabasePath);
        var trials = store.ListTrials(TrialQuery.All);
        Assert.Equal(Enumerable.Range(1, trials.Count), trials.Select(t => t.Id));
        foreach (var t in trials)
        {
            if (t.Status is TrialStatus.Completed or TrialStatus.Duplicate)
            {
                Assert.True(config.Reward.TryCompute(t.Accuracy!.Value, t.LatencyMs!.Value, out var reward, out _));
                Assert.Equal(reward, t.Reward!.Value, 12);
            }
            if (t.Status == TrialStatus.Duplicate) Assert.Equal(TrialStatus.Completed, trials[t.DuplicateOf!.Value - 1].Status);
            if (t.Status == TrialStatus.Failed) Assert.False(string.IsNullOrEmpty(t.Error));
            if (!t.IsFinished) Assert.False(t.Told);
            var fingerprint = $"{t.Status} {string.Join(',', t.Decisions)} {t.Accuracy:R} {t.LatencyMs:R} {t.Reward:R}";
            if (finished.TryGetValue(t.Id, out var before)) Assert.Equal(before, fingerprint);
            else if (t.IsFinished) finished[t.Id] = fingerprint;
        }
        Assert.True(finished.Keys.All(id => id <= trials.Count), "a finished trial disappeared");
        return trials;
    }
}
