using NasLab.Controller.Strategies;
using NasLab.Evaluator;
using NasLab.Evaluator.Training;
using NasLab.Evaluator.WeightSharing;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.WeightSharing;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;

namespace NasLab.Search.Tests.WeightSharing;

/// <summary>The weight-sharing loop: supernet steps, then a strategy told each candidate's supernet reward.</summary>
public class SupernetSearchTests
{
    private static readonly RewardConfig Reward = RewardConfig.Soft(5);

    // A latency that depends on the network only (the oracle's job is tested elsewhere): 1 ms per 10M MACs.
    private static double Latency(NetworkArchitecture net) => CostModel.Compute(net).Macs / 1e7;

    private static (SupernetSearch Search, ExperimentSpace Space, SupernetData Data) Create(int seed)
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
            new SupernetSearchOptions(TrainStepsPerRound: 2, CandidatesPerRound: 3, RecalibrationBatches: 2, ValidationImages: 64, Seed: seed));
        return (search, space, data);
    }

    [Fact]
    public void A_round_trains_the_supernet_then_tells_the_strategy_each_candidates_supernet_reward()
    {
        TorchSharp.torch.manual_seed(1);
        var (search, space, data) = Create(seed: 1);
        using (search)
        using (data)
        using (var strategy = new RandomSearch(space.Space.Schema, 5))
        {
            search.Run(strategy, rounds: 2);
            Assert.Equal(4, search.Losses.Count);
            Assert.All(search.Losses, l => Assert.True(double.IsFinite(l) && l > 0));
            Assert.Equal(6, search.Scored.Count);
            Assert.Equal(0, strategy.PendingCount);
            foreach (var c in search.Scored)
            {
                // Accuracy is a count of the 64 validation images; the reward is the experiment's formula of it.
                Assert.Equal(Math.Round(c.Accuracy * 64), c.Accuracy * 64, 9);
                Assert.Equal(Latency(space.Child(c.Decisions)), c.LatencyMs);
                Assert.Equal(Reward.Compute(c.Accuracy, c.LatencyMs), c.Reward);
            }
            var best = search.Best(3);
            Assert.Equal(best.OrderByDescending(c => c.Reward).Select(c => c.Reward), best.Select(c => c.Reward));
            Assert.Equal(best.Count, best.Select(c => string.Join(",", c.Decisions)).Distinct().Count());
        }
    }

    [Fact]
    public void The_same_seeds_give_the_same_search()
    {
        IReadOnlyList<double> Run()
        {
            TorchSharp.torch.manual_seed(2);
            var (search, space, data) = Create(seed: 2);
            using (search)
            using (data)
            using (var strategy = new RandomSearch(space.Space.Schema, 7))
            {
                search.Run(strategy, rounds: 1);
                return search.Losses.Concat(search.Scored.Select(c => c.Accuracy)).ToList();
            }
        }
        Assert.Equal(Run(), Run());
    }
}
