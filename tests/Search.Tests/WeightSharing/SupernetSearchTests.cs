using NasLab.Controller.Strategies;
using NasLab.Evaluator.WeightSharing;
using NasLab.Search.Config;
using NasLab.Search.Tests.Support;
using NasLab.Search.WeightSharing;
using static NasLab.Search.Tests.Support.TinySupernet;

namespace NasLab.Search.Tests.WeightSharing;

/// <summary>The weight-sharing loop: supernet steps, then a strategy told each candidate's supernet reward.</summary>
[Collection(TorchRandomCollection.Name)]
public class SupernetSearchTests
{
    [Fact]
    public void Rounds_train_the_supernet_then_tell_the_strategy_each_candidates_supernet_reward()
    {
        TorchSharp.torch.manual_seed(1);
        var (search, space) = Create(seed: 1);
        using (var strategy = new WeightSharingStrategy(new RandomSearch(space.Space.Schema, 5), search, Phase))
        {
            var warmup = strategy.RunRound();
            Assert.True(warmup.IsWarmup);
            Assert.Equal(4, search.Steps);
            while (!strategy.SupernetDone) strategy.RunRound();
            Assert.Equal(4 + 3 * 2, search.Losses.Count);
            Assert.All(search.Losses, l => Assert.True(double.IsFinite(l) && l > 0));
            Assert.Equal(9, search.Scored.Count);
            Assert.Equal(0, strategy.Inner.PendingCount);
            foreach (var c in search.Scored)
            {
                // Accuracy is a count of the 64 validation images; the reward is the experiment's formula of it.
                Assert.Equal(Math.Round(c.Accuracy * 64), c.Accuracy * 64, 9);
                Assert.Equal(Latency(space.Child(c.Decisions)), c.LatencyMs);
                Assert.Equal(Reward.Compute(c.Accuracy, c.LatencyMs), c.Reward);
            }
            // The finalists are the best distinct architectures, proposed in order with their supernet estimate.
            var best = search.Best(2);
            Assert.Equal(best, strategy.Finalists);
            Assert.True(best[0].Reward >= best[1].Reward);
            Assert.Equal(search.Scored.Max(c => c.Reward), best[0].Reward);
            var asked = strategy.Ask(5);
            Assert.Equal(best.Select(b => b.Decisions), asked.Select(a => a.Decisions));
            Assert.Equal(best[1].Accuracy, strategy.EstimateOf(asked[1].Id)!.Accuracy);
            strategy.Tell([new TrialResult(asked[0].Id, 0.1), TrialResult.Failed(asked[1].Id)]);
            Assert.Equal(0, strategy.PendingCount);
        }
    }

    /// <summary>The MnasNet space, or a cell space (ENAS, NASNet) with one cell per stack of 8 filters and 2 blocks.</summary>
    private static SearchSpaceConfig? SpaceOf(string kind) => kind == "mnasnet" ? null
        : ExperimentConfigLoader.Parse($"name: tiny\nsearch_space: {{kind: {kind}, overrides: {{cells: {{per_stack: 1, filters: 8, blocks: 2}}}}}}\nreward: {{target_ms: 5}}\n", "tiny.yaml").SearchSpace;

    [Theory]
    [InlineData("mnasnet")]
    [InlineData("enas")]
    [InlineData("nasnet")] // its normal cells also output h_(i-1): a kept cell input, adjusted and gathered
    public void A_search_resumed_from_its_saved_state_continues_identically(string kind)
    {
        // Uninterrupted: the whole phase. Resumed: the warm-up and one round, saved; then new objects built from the same
        // settings, with torch's global generator elsewhere (as in a new process), load the state and finish.
        static (List<double> Losses, List<double> Accuracies, byte[] Bank, List<string> Finalists) Outcome(WeightSharingStrategy s) =>
            ([.. s.Search.Losses], [.. s.Search.Scored.Select(c => c.Accuracy)], WeightBankCodec.ToBytes(s.Search.Supernet.Bank),
             [.. s.Finalists.Select(f => string.Join(",", f.Decisions))]);

        TorchSharp.torch.manual_seed(5);
        using var whole = Strategy(seed: 3, SpaceOf(kind));
        while (!whole.SupernetDone) whole.RunRound();
        var expected = Outcome(whole);

        TorchSharp.torch.manual_seed(5);
        NasLab.Controller.State.StrategyState saved;
        using (var first = Strategy(seed: 3, SpaceOf(kind)))
        {
            first.RunRound();
            first.RunRound();
            saved = NasLab.Controller.State.StrategyStateArchive.FromBytes(NasLab.Controller.State.StrategyStateArchive.ToBytes(first.SaveState()));
        }
        TorchSharp.torch.manual_seed(99);
        using var resumed = Strategy(seed: 3, SpaceOf(kind));
        resumed.LoadState(saved);
        Assert.Equal(1, resumed.Round);
        while (!resumed.SupernetDone) resumed.RunRound();
        var actual = Outcome(resumed);

        Assert.Equal(expected.Losses, actual.Losses);
        Assert.Equal(expected.Accuracies, actual.Accuracies);
        Assert.Equal(expected.Finalists, actual.Finalists);
        Assert.True(expected.Bank.AsSpan().SequenceEqual(actual.Bank), "the supernet weights differ");
    }

    [Fact]
    public void A_finished_phase_saves_no_supernet_weights_and_its_progress_reads_back()
    {
        TorchSharp.torch.manual_seed(6);
        using var strategy = Strategy(seed: 4);
        strategy.RunRound();
        var during = strategy.SaveState();
        Assert.Contains("supernet", during.Blobs.Keys);
        var progress = WeightSharingStrategy.ProgressOf(during)!;
        Assert.Equal(strategy.Search.Steps, progress.Steps);
        Assert.Equal(strategy.Search.Losses, progress.Losses);
        Assert.False(progress.Done);

        while (!strategy.SupernetDone) strategy.RunRound();
        var after = strategy.SaveState();
        Assert.DoesNotContain("supernet", after.Blobs.Keys);
        progress = WeightSharingStrategy.ProgressOf(after)!;
        Assert.True(progress.Done);
        Assert.Equal(strategy.Search.Scored.Select(c => c.Reward), progress.Scored.Select(c => c.Reward));
        Assert.Equal(strategy.Finalists.Select(f => string.Join(",", f.Decisions)), progress.Finalists!.Select(f => string.Join(",", f.Decisions)));

        // Without the weights it still re-ranks: the finalists come back in order.
        using var resumed = Strategy(seed: 4);
        resumed.LoadState(NasLab.Controller.State.StrategyStateArchive.FromBytes(NasLab.Controller.State.StrategyStateArchive.ToBytes(after)));
        Assert.Equal(strategy.Ask(5).Select(c => string.Join(",", c.Decisions)), resumed.Ask(5).Select(c => string.Join(",", c.Decisions)));
        Assert.Null(WeightSharingStrategy.ProgressOf(strategy.Inner.SaveState())); // another strategy's state
    }
}
