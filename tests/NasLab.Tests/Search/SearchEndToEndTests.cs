using NasLab.Search.Store.LiteDb;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using Xunit.Abstractions;

namespace NasLab.Tests.Search;

/// <summary>A tiny real search (real images, real training, real ONNX Runtime latency) end to end.</summary>
public class SearchEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteExperiment(string strategy, int trials, string latencyMode = "measured")
    {
        var yaml = $"""
            name: tiny
            seed: 3
            output_dir: {_dir}/runs
            search_space:
              kind: mnasnet
            dataset:
              name: cifar10
              path: auto
              validation_size: 300
              train_subset: 512
              resolution: 32
            proxy_training:
              epochs: 1
              batch_size: 64
              width_multiplier: 0.25
            strategy:
              type: {strategy}
            reward:
              target_ms: 2
              constraint: soft
            latency:
              device: cpu-1thread
              mode: {latencyMode}
              runs: 5
              warmup_runs: 2
            budget:
              trials: {trials}
            """;
        var path = Path.Combine(_dir, "tiny.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private sealed class Recorder : ISearchObserver
    {
        public List<string> Lines { get; } = [];
        public SearchPlan? Plan;
        public void Started(SearchPlan plan) => Plan = plan;
        public void TrialStarted(int trialId, string summary) => Lines.Add($"start {trialId}");
        public void TrialFinished(TrialRecord trial, TrialRecord? best) => Lines.Add($"done {trial.Id} {trial.Status}");
        public void Message(string text) => Lines.Add(text);
    }

    [Fact]
    public void TinySearchRecordsEveryTrialWithConsistentRewards()
    {
        var yaml = WriteExperiment("random", trials: 3);
        var recorder = new Recorder();
        var outcome = SearchSession.Start(yaml, force: false, recorder, CancellationToken.None, latencyCacheDirectory: Path.Combine(_dir, "cache"));
        output.WriteLine($"[data] {recorder.Plan!.Data}");
        Console.WriteLine($"[data] SearchEndToEndTests uses {recorder.Plan!.Data}");
        Assert.Equal(SearchEnd.BudgetSpent, outcome.End);
        Assert.Equal(3, outcome.TrialsRun);

        var config = ExperimentConfigLoader.LoadFile(yaml);
        using var store = LiteDbTrialStore.OpenReadOnly(config.DatabasePath);
        var trials = store.ListTrials(TrialQuery.All);
        Assert.Equal([1, 2, 3], trials.Select(t => t.Id));
        Assert.Equal(ExperimentStatus.Completed, store.GetExperiment().Status);
        foreach (var t in trials)
        {
            output.WriteLine($"trial {t.Id}: {t.Status} acc {t.Accuracy:P1} lat {t.LatencyMs:F3} ms reward {t.Reward:F4} {t.Error}");
            Assert.Equal(TrialStatus.Completed, t.Status);
            Assert.InRange(t.Accuracy!.Value, 0.0, 1.0);
            Assert.True(t.LatencyMs > 0);
            Assert.Equal("measured", t.LatencyMode);
            // The stored reward is the MnasNet objective of the stored accuracy and latency.
            // Soft constraint: w = -0.07 on both sides of the 2 ms target.
            Assert.Equal(t.Accuracy.Value * Math.Pow(t.LatencyMs!.Value / 2, -0.07), t.Reward!.Value, 10);
            Assert.True(t.Params > 0 && t.Macs > 0 && t.TrainSeconds > 0 && t.ImagesPerSec > 0);
            Assert.Equal(49, t.Decisions.Length); // 7 blocks x 7 MnasNet decisions
        }
        Assert.NotNull(store.LatestCheckpoint());
        Assert.Contains("Trial 3 completed", File.ReadAllText(Path.Combine(config.ExperimentDirectory, "search.log")));
    }
}
