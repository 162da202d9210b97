using NasLab.Controller.State;
using NasLab.Controller.Strategies;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Workers;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using Serilog;

namespace NasLab.Search.Tests.Loop;

/// <summary>
/// The search loop driven through its evaluator seam with a real LiteDB store and the real strategies: the
/// evaluator scores each network by a fixed function of its cost (hand-checkable, the same on every CPU), so
/// the tests see what the loop does without training anything.
/// </summary>
internal sealed class LoopFixture : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("naslab-loop-").FullName;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public string DatabasePath => Path.Combine(Directory, "trials.db");

    public static ExperimentConfig Config(string strategy, int trials) => ExperimentConfigLoader.Parse($"""
        name: loop
        seed: 5
        search_space:
          kind: mnasnet
        dataset:
          validation_size: 100
        reward:
          target_ms: 2
          constraint: soft
        strategy:
        {Indent(strategy)}
        budget:
          trials: {trials}
        """, "loop.yaml");

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "  " + l));

    public static ExperimentSpace Space(ExperimentConfig config) => ExperimentSpace.Create(config.SearchSpace, 32, 10, "loop.yaml");

    public static readonly ExperimentIdentity Identity = new("loop", "name: loop\n", "name: 'loop'\n", new string('c', 64),
        new DatasetIdentity("cifar10", 5085, 1017, new string('d', 64)));

    public LiteDbTrialStore Create() => LiteDbTrialStore.Create(DatabasePath, Identity);

    public LiteDbTrialStore Reopen() => LiteDbTrialStore.Open(DatabasePath);

    /// <summary>Runs the loop with a local worker over <paramref name="evaluator"/> until it ends.</summary>
    public static SearchOutcome Run(ExperimentConfig config, ITrialStore store, ISearchStrategy strategy, ITrialEvaluator evaluator,
        CancellationToken abort = default)
    {
        var log = new LoggerConfiguration().CreateLogger();
        if (store.LatestCheckpoint() is { } checkpoint) StrategyCheckpointCodec.Load(strategy, checkpoint.Blob);
        var worker = new TrialWorker(store, "local", config, evaluator, log);
        return new SearchLoop(config, store, strategy, Space(config), log, NullSearchObserver.Instance).Run(CancellationToken.None, abort, worker);
    }
}

/// <summary>
/// Scores a network from its MAC count alone: accuracy = 0.5 + 0.4 * (1 - exp(-MACs / 20M)), latency =
/// MACs / 10M ms. Records every network it was asked to evaluate; can fail or abort chosen calls.
/// </summary>
internal sealed class CostEvaluator : ITrialEvaluator
{
    public List<NetworkArchitecture> Evaluated { get; } = [];

    /// <summary>Return a failure for these networks (by evaluation order, 1-based).</summary>
    public Func<int, NetworkArchitecture, string?> FailWhen { get; init; } = (_, _) => null;

    /// <summary>Cancel this evaluation (1-based call number) as a second Ctrl+C would, then return null.</summary>
    public int? AbortAtCall { get; init; }

    public CancellationTokenSource Abort { get; } = new();

    /// <summary>The store counts seen at each call: (all trials, queued, running).</summary>
    public List<(int All, int Queued, int Running)> QueueSeen { get; } = [];

    public ITrialReader? Watch { get; set; }

    public static double Accuracy(long macs) => 0.5 + 0.4 * (1 - Math.Exp(-macs / 20e6));

    public static double LatencyMs(long macs) => macs / 10e6;

    public TrialEvaluation? Evaluate(NetworkArchitecture child, CancellationToken abort)
    {
        Evaluated.Add(child);
        if (Watch is { } w) QueueSeen.Add((w.Count(), w.Count(TrialStatus.Queued), w.Count(TrialStatus.Running)));
        if (AbortAtCall == Evaluated.Count)
        {
            Abort.Cancel();
            return null;
        }
        if (FailWhen(Evaluated.Count, child) is { } error) return TrialEvaluation.Failed(error, 0.5);
        var macs = CostModel.Compute(child).Macs;
        return new TrialEvaluation(Accuracy(macs), 1.0, LatencyMs(macs), "measured", 0.5, 0.1, 1000, null, null);
    }
}

/// <summary>A strategy that proposes a fixed list of decision vectors in order and records what it was told.</summary>
internal sealed class ScriptedStrategy(IReadOnlyList<int[]> script) : ISearchStrategy
{
    private int _next;
    private readonly HashSet<long> _pending = [];

    public List<TrialResult> Told { get; } = [];

    public string Name => "scripted";

    public int PendingCount => _pending.Count;

    public IReadOnlyList<Candidate> Ask(int count) => Enumerable.Range(0, count).Select(_ =>
    {
        var id = ++_next;
        _pending.Add(id);
        return new Candidate(id, script[(id - 1) % script.Count]);
    }).ToList();

    public void Tell(IReadOnlyList<TrialResult> results)
    {
        foreach (var r in results) Assert.True(_pending.Remove(r.CandidateId), $"candidate {r.CandidateId} told but not pending");
        Told.AddRange(results);
    }

    public StrategyState SaveState() => StrategyState.JsonOnly($"{{\"next\":{_next},\"pending\":[{string.Join(',', _pending)}]}}");

    public void LoadState(StrategyState state)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(state.Json);
        _next = doc.RootElement.GetProperty("next").GetInt32();
        _pending.Clear();
        foreach (var p in doc.RootElement.GetProperty("pending").EnumerateArray()) _pending.Add(p.GetInt64());
    }

    public void Dispose() { }
}
