using NasLab.Controller.Strategies;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Json;

namespace NasLab.Search.Tests.Loop;

public sealed class SearchLoopTests : IDisposable
{
    private readonly LoopFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static ISearchStrategy Strategy(NasLab.Search.Config.ExperimentConfig config) =>
        StrategyFactory.Create(config.Strategy, LoopFixture.Space(config).Space.Schema, config.Seed);

    /// <summary>Every stored reward recomputes from its stored accuracy and latency with the experiment's formula.</summary>
    private static void AssertRewardsRecompute(NasLab.Search.Config.ExperimentConfig config, IEnumerable<TrialRecord> trials)
    {
        foreach (var t in trials.Where(t => t.Status is TrialStatus.Completed or TrialStatus.Duplicate))
        {
            Assert.True(config.Reward.TryCompute(t.Accuracy!.Value, t.LatencyMs!.Value, out var expected, out _));
            Assert.Equal(expected, t.Reward!.Value, 12);
            // soft constraint, alpha = beta = -0.07: ACC * (LAT / T)^-0.07, by hand
            Assert.Equal(t.Accuracy.Value * Math.Pow(t.LatencyMs.Value / 2.0, -0.07), t.Reward.Value, 12);
        }
    }

    [Fact]
    public void Rl_controller_gets_every_result_and_keeps_a_batch_of_M_queued()
    {
        var config = LoopFixture.Config("type: rl\nrl:\n  batch_size: 4", trials: 12);
        using var store = _fixture.Create();
        using var strategy = Strategy(config);
        var evaluator = new CostEvaluator { Watch = store };
        var outcome = LoopFixture.Run(config, store, strategy, evaluator);

        Assert.Equal(new SearchOutcome(SearchEnd.BudgetSpent, 12), outcome);
        var trials = store.ListTrials(TrialQuery.All);
        Assert.Equal(Enumerable.Range(1, 12), trials.Select(t => t.Id));
        Assert.All(trials, t => Assert.True(t.Told));
        Assert.Equal(0, strategy.PendingCount);
        // M = 4: the policy does not change before 4 results, so 4 candidates are outstanding while the first trains,
        // and the queue never holds more than M.
        Assert.Equal((4, 3, 1), evaluator.QueueSeen[0]);
        Assert.All(evaluator.QueueSeen, q => Assert.True(q.Queued + q.Running <= 4));
        // Each trial was evaluated exactly as stored (the worker decodes the stored architecture).
        Assert.Equal(trials.Where(t => t.Status == TrialStatus.Completed).Select(t => t.ArchitectureJson),
            evaluator.Evaluated.Select(ArchitectureJson.Serialize));
        AssertRewardsRecompute(config, trials);
        foreach (var t in trials.Where(t => t.Status == TrialStatus.Completed))
        {
            var macs = CostModel.Compute(ArchitectureJson.Deserialize(t.ArchitectureJson)).Macs;
            Assert.Equal(macs, t.Macs);
            Assert.Equal(CostEvaluator.Accuracy(macs), t.Accuracy!.Value, 12);
        }

        // The checkpoint agrees with the store: a strategy restored from it has nothing pending and asks on
        // exactly as the live one does.
        using var restored = Strategy(config);
        StrategyCheckpointCodec.Load(restored, store.LatestCheckpoint()!.Blob);
        Assert.Equal(0, restored.PendingCount);
        Assert.Equal(strategy.Ask(3).Select(c => c.Decisions), restored.Ask(3).Select(c => c.Decisions));
    }

    [Fact]
    public void Evolution_mutates_told_parents_after_the_initial_population()
    {
        var config = LoopFixture.Config("type: evolution\nevolution:\n  population: 4\n  sample_size: 2", trials: 14);
        using var store = _fixture.Create();
        using var strategy = Strategy(config);
        LoopFixture.Run(config, store, strategy, new CostEvaluator());
        var trials = store.ListTrials(TrialQuery.All);
        Assert.Equal(14, trials.Count);
        // Regularized evolution: each child is one parent with one decision changed; the parent was told before the child was asked.
        foreach (var child in trials.Skip(4))
        {
            var parents = trials.Where(p => p.Id < child.Id && Distance(p.Decisions, child.Decisions) == 1).ToList();
            Assert.True(parents.Count > 0, $"trial {child.Id} is not one mutation away from any earlier trial");
        }
        AssertRewardsRecompute(config, trials);
    }

    private static int Distance(int[] a, int[] b) => a.Zip(b).Count(p => p.First != p.Second);

    [Fact]
    public void Duplicates_are_not_trained_again_and_failures_are_told_as_failures()
    {
        var config = LoopFixture.Config("type: random", trials: 6);
        var schema = LoopFixture.Space(config).Space.Schema;
        int[] A = new int[schema.Length], B = A.Select((_, i) => i == 0 ? 1 : 0).ToArray(), C = A.Select((_, i) => i == 1 ? 1 : 0).ToArray();
        using var strategy = new ScriptedStrategy([A, B, A, C, B, C]);
        using var store = _fixture.Create();
        // C fails: its failure is not a result to reuse, so its second proposal is trained (and fails) again.
        var space = LoopFixture.Space(config);
        var cJson = ArchitectureJson.Serialize(space.Child(C) with { Name = "" });
        var evaluator = new CostEvaluator { FailWhen = (_, net) => ArchitectureJson.Serialize(net with { Name = "" }) == cJson ? "out of memory (scripted)" : null };
        LoopFixture.Run(config, store, strategy, evaluator);

        var t = store.ListTrials(TrialQuery.All);
        Assert.Equal([TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Duplicate, TrialStatus.Failed, TrialStatus.Duplicate, TrialStatus.Failed],
            t.Select(x => x.Status));
        Assert.Equal(4, evaluator.Evaluated.Count); // A, B, C, C: the duplicates of A and B were not trained
        Assert.Equal(1, t[2].DuplicateOf);
        Assert.Equal(2, t[4].DuplicateOf);
        Assert.Equal(t[0].Reward, t[2].Reward);
        Assert.Equal(t[0].Accuracy, t[2].Accuracy);
        Assert.Null(t[2].TrainSeconds);
        Assert.Equal("out of memory (scripted)", t[3].Error);
        // The strategy heard every trial once, in trial order: duplicates with the original's reward, failures as failures.
        Assert.Equal(t.Select(x => x.CandidateId), strategy.Told.Select(r => r.CandidateId));
        Assert.Equal(t.Select(x => x.Status == TrialStatus.Failed ? (double?)null : x.Reward), strategy.Told.Select(r => r.Reward));
        AssertRewardsRecompute(config, t);
    }

    [Fact]
    public void An_aborted_trial_runs_again_under_its_number_and_the_search_ends_as_if_never_interrupted()
    {
        var config = LoopFixture.Config("type: rl\nrl:\n  batch_size: 2", trials: 8);
        string[] reference;
        using (var whole = new LoopFixture())
        {
            using var store = whole.Create();
            using var strategy = Strategy(config);
            LoopFixture.Run(config, store, strategy, new CostEvaluator());
            reference = store.ListTrials(TrialQuery.All).Select(Summary).ToArray();
        }

        var interrupted = new CostEvaluator { AbortAtCall = 5 };
        using (var store = _fixture.Create())
        using (var strategy = Strategy(config))
        {
            var first = LoopFixture.Run(config, store, strategy, interrupted, interrupted.Abort.Token);
            Assert.Equal(SearchEnd.Aborted, first.End);
            Assert.Equal(TrialStatus.Running, store.GetTrial(5)!.Status);
        }
        using (var store = _fixture.Reopen())
        using (var strategy = Strategy(config))
        {
            Assert.Equal([5], store.RequeuedAtOpen);
            var second = LoopFixture.Run(config, store, strategy, new CostEvaluator());
            Assert.Equal(SearchEnd.BudgetSpent, second.End);
            var trials = store.ListTrials(TrialQuery.All);
            Assert.Equal(reference, trials.Select(Summary));
            Assert.Equal(2, trials.Single(t => t.Id == 5).Attempts);
        }
    }

    private static string Summary(TrialRecord t) => $"{t.Id} {t.Status} {string.Join(',', t.Decisions)} {t.Reward:R}";
}
