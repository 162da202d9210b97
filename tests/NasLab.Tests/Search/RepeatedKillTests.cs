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
        for (int kill = 1; kill <= Kills; kill++)
        {
            // Instants from 0.3 s (start-up, store creation) to 5 s (mid-training or past a commit).
            var after = TimeSpan.FromMilliseconds(300 + random.Next(4700));
            using (var child = HelperProcess.Start("search", yaml, cache))
            {
                var exited = child.WaitForExit(after);
                if (!exited) child.Kill();
                Assert.True(child.WaitForExit(20_000));
                if (exited && child.ExitCode != 0) Assert.Fail($"the search failed by itself: {await child.StandardError.ReadToEndAsync()}");
            }
            if (!File.Exists(config.DatabasePath)) { output.WriteLine($"kill {kill} at {after.TotalSeconds:F1} s: before the store existed"); continue; }
            var trials = CheckConsistent(config, finished);
            output.WriteLine($"kill {kill} at {after.TotalSeconds:F1} s: {trials.Count(t => t.IsFinished)} finished, " +
                             $"{trials.Count(t => !t.IsFinished)} queued or running");
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
