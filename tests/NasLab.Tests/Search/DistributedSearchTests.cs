using System.Diagnostics;
using NasLab.Search.Config;
using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;
using NasLab.Search.Tests.Store.Postgres;
using NasLab.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Tests.Search;

/// <summary>
/// A coordinator and three workers, each a real process, run a tiny search on real images through a real
/// PostgreSQL server (the private one ./test.sh starts). One worker is killed with SIGKILL in the middle of a
/// trial and the coordinator is killed once and started again. At the end no trial is lost or duplicated,
/// the killed worker's trial was run again by another worker, and every reward recomputes from its stored
/// accuracy and latency.
/// </summary>
public sealed class DistributedSearchTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-dist-").FullName;
    private readonly List<Process> _processes = [];
    private TestDatabase? _database;

    public void Dispose()
    {
        foreach (var p in _processes.Where(p => !p.HasExited)) { p.Kill(); p.WaitForExit(10_000); }
        _database?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private const int Budget = 6;

    [PostgresFact]
    public async Task Coordinator_and_three_workers_survive_a_killed_worker_and_a_killed_coordinator()
    {
        _database = new TestDatabase();
        var url = _database.Url;
        var yaml = Path.Combine(_dir, "dist.yaml");
        File.WriteAllText(yaml, $"""
            name: dist
            seed: 31
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
                batch_size: 3
            reward:
              target_ms: 2
            latency:
              mode: measured
              runs: 3
              warmup_runs: 1
            budget:
              trials: {Budget}
            """);
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(_dir, "cache") };
        Process Coordinator() => Track(HelperProcess.Start(environment, "naslab", "search", yaml, "--store", url, "--worker-grace", "6"));
        Process Worker(string name) => Track(HelperProcess.Start(environment, "naslab", "worker", "--store", url, "--experiment", "dist",
            "--name", name, "--heartbeat", "1"));

        var coordinator = Coordinator();
        await WaitFor("the experiment to exist", () => PostgresTrialStore.ListExperiments(PostgresLocation.Parse(url)).Contains("dist"));
        var workers = new[] { Worker("w1"), Worker("w2"), Worker("w3") };

        // Kill w2 while it trains a trial.
        var victim = await WaitFor("w2 to train a trial", () => Read(url, s => s.ListTrials(TrialQuery.All)
            .FirstOrDefault(t => t.Status == TrialStatus.Running && t.Worker == "w2")?.Id));
        workers[1].Kill();
        output.WriteLine($"killed worker w2 during trial {victim}");

        // Kill the coordinator once two trials are finished, then start it again.
        await WaitFor("two finished trials", () => Read(url, s => s.ListTrials(TrialQuery.All).Count(t => t.IsFinished) >= 2 ? true : (bool?)null));
        coordinator.Kill();
        Assert.True(coordinator.WaitForExit(20_000));
        output.WriteLine("killed the coordinator; starting it again");
        var second = Coordinator();

        Assert.True(second.WaitForExit(TimeSpan.FromMinutes(10)), "the restarted coordinator did not finish the budget");
        Assert.True(second.ExitCode == 0, await second.StandardError.ReadToEndAsync());
        foreach (var w in new[] { workers[0], workers[2] })
        {
            Assert.True(w.WaitForExit(TimeSpan.FromMinutes(2)), "a worker did not stop after the experiment completed");
            Assert.True(w.ExitCode == 0, await w.StandardError.ReadToEndAsync());
        }

        using var store = PostgresTrialStore.OpenReadOnly(PostgresLocation.Parse(url), "dist");
        var config = ExperimentConfigLoader.LoadFile(yaml);
        var trials = store.ListTrials(TrialQuery.All);
        foreach (var t in trials) output.WriteLine($"trial {t.Id}: {t.Status} by {t.Worker} (attempts {t.Attempts}) reward {t.Reward:F4} {t.Error}");
        Assert.Equal(Enumerable.Range(1, Budget), trials.Select(t => t.Id));
        Assert.All(trials, t => Assert.True(t.IsFinished && t.Told, $"trial {t.Id}: {t.Status}, told {t.Told}"));
        Assert.Equal(trials.Count, trials.Select(t => t.CandidateId).Distinct().Count());
        var rerun = trials.Single(t => t.Id == victim);
        Assert.True(rerun.Attempts >= 2, $"trial {victim} was attempted {rerun.Attempts} time(s)");
        Assert.NotEqual("w2", rerun.Worker);
        foreach (var t in trials.Where(t => t.Status is TrialStatus.Completed or TrialStatus.Duplicate))
        {
            Assert.True(config.Reward.TryCompute(t.Accuracy!.Value, t.LatencyMs!.Value, out var reward, out _));
            Assert.Equal(reward, t.Reward!.Value, 12);
        }
        Assert.Equal(ExperimentStatus.Completed, store.GetExperiment().Status);
        var runs = store.ListRuns();
        Assert.Equal(2, runs.Count(r => r.Role == "coordinator"));
        Assert.Equal(["w1", "w2", "w3"], runs.Where(r => r.Role == "worker").Select(r => r.Process).Order());
        Assert.All(runs, r => Assert.Equal(store.GetExperiment().Dataset, r.Dataset));
    }

    private Process Track(Process p)
    {
        _processes.Add(p);
        // Drain stdout so a chatty process never blocks on a full pipe; stderr is read at the end.
        _ = p.StandardOutput.ReadToEndAsync();
        return p;
    }

    private static T? Read<T>(string url, Func<ITrialReader, T?> read)
    {
        try
        {
            using var store = PostgresTrialStore.OpenReadOnly(PostgresLocation.Parse(url), "dist");
            return read(store);
        }
        catch (TrialStoreException) { return default; }
    }

    private async Task<T> WaitFor<T>(string what, Func<T?> probe)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } value && !(value is bool b && !b)) return value;
            foreach (var p in _processes.Where(p => p.HasExited && p.ExitCode != 0 && p.ExitCode != 137 && p.ExitCode != -1))
                Assert.Fail($"a process failed while waiting for {what}: {await p.StandardError.ReadToEndAsync()}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), $"timed out waiting for {what}");
            await Task.Delay(200);
        }
    }
}
