using NasLab.Controller.Strategies;
using NasLab.Evaluator;
using NasLab.Evaluator.Training;
using NasLab.Evaluator.WeightSharing;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Tests.Support;
using NasLab.Search.WeightSharing;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;

namespace NasLab.Search.Tests.WeightSharing;

/// <summary>The weight-sharing loop: supernet steps, then a strategy told each candidate's supernet reward.</summary>
[Collection(TorchRandomCollection.Name)]
public class SupernetSearchTests
{
    private static readonly RewardConfig Reward = RewardConfig.Soft(5);

    // A latency that depends on the network only (the oracle's job is tested elsewhere): 1 ms per 10M MACs.
    private static double Latency(NetworkArchitecture net) => CostModel.Compute(net).Macs / 1e7;

    private static (SupernetSearch Search, ExperimentSpace Space) Create(int seed)
    {
        var random = new Random(3);
        var labels = Enumerable.Range(0, 192).Select(i => i % 10).ToArray();
        var pixels = new byte[labels.Length * 3 * 32 * 32];
        random.NextBytes(pixels);
        var dataset = new ImageDataset(pixels, labels, 3, 32, 32, 10, null, "synthetic", DatasetPartition.Train);
        var split = TrainValidationSplit.Create(dataset, 64, 1);
        var data = new SupernetData(dataset, split, ChannelNormalization.Compute(dataset, split.TrainIndices).ForChannels(3), 32, 32, seed);
        var space = ExperimentSpace.Create(new SearchSpaceConfig(SearchSpaceKind.Mnasnet, new SearchSpaceOverrides(null, null, null)), 32, 10, "test");
        var search = new SupernetSearch(space, new ProxyTrainingOptions { WidthMultiplier = 0.35 }, data, Latency, Reward,
            new SupernetSearchOptions(TrainStepsPerRound: 2, CandidatesPerRound: 3, RecalibrationBatches: 2, ValidationImages: 64, Seed: seed), ownsData: true);
        return (search, space);
    }

    // 4 warm-up steps (one chunk), then 3 rounds of 2 steps and 3 candidates; the best 2 are the finalists.
    private static readonly WeightSharingConfig Phase = new(WarmupSteps: 4, Rounds: 3, TrainSteps: 2, Candidates: 3, Paths: 2, Rerank: 2);

    private static WeightSharingStrategy Strategy(int seed)
    {
        var (search, space) = Create(seed);
        return new WeightSharingStrategy(new PolicyGradientSearch(space.Space.Schema, (ulong)seed,
            training: new NasLab.Controller.Training.PolicyGradientOptions { BatchSize = 3 }), search, Phase);
    }

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

    [Fact]
    public void A_search_resumed_from_its_saved_state_continues_identically()
    {
        // Uninterrupted: the whole phase. Resumed: the warm-up and one round, saved; then new objects built from the same
        // settings, with torch's global generator elsewhere (as in a new process), load the state and finish.
        static (List<double> Losses, List<double> Accuracies, byte[] Bank, List<string> Finalists) Outcome(WeightSharingStrategy s) =>
            ([.. s.Search.Losses], [.. s.Search.Scored.Select(c => c.Accuracy)], WeightBankCodec.ToBytes(s.Search.Supernet.Bank),
             [.. s.Finalists.Select(f => string.Join(",", f.Decisions))]);

        TorchSharp.torch.manual_seed(5);
        using var whole = Strategy(seed: 3);
        while (!whole.SupernetDone) whole.RunRound();
        var expected = Outcome(whole);

        TorchSharp.torch.manual_seed(5);
        NasLab.Controller.State.StrategyState saved;
        using (var first = Strategy(seed: 3))
        {
            first.RunRound();
            first.RunRound();
            saved = NasLab.Controller.State.StrategyStateArchive.FromBytes(NasLab.Controller.State.StrategyStateArchive.ToBytes(first.SaveState()));
        }
        TorchSharp.torch.manual_seed(99);
        using var resumed = Strategy(seed: 3);
        resumed.LoadState(saved);
        Assert.Equal(1, resumed.Round);
        while (!resumed.SupernetDone) resumed.RunRound();
        var actual = Outcome(resumed);

        Assert.Equal(expected.Losses, actual.Losses);
        Assert.Equal(expected.Accuracies, actual.Accuracies);
        Assert.Equal(expected.Finalists, actual.Finalists);
        Assert.True(expected.Bank.AsSpan().SequenceEqual(actual.Bank), "the supernet weights differ");
    }
}
