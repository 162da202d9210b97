using NasLab.Controller.Strategies;
using NasLab.Evaluator;
using NasLab.Evaluator.Training;
using NasLab.Evaluator.WeightSharing;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.WeightSharing;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;

namespace NasLab.Search.Tests.Support;

/// <summary>
/// A weight-sharing search small enough for a test: 192 random images, the MnasNet space at width 0.35 (or another
/// space), a latency from the MACs, and a phase of a few steps and rounds.
/// </summary>
public static class TinySupernet
{
    public static readonly RewardConfig Reward = RewardConfig.Soft(5);

    /// <summary>4 warm-up steps (one chunk), then 3 rounds of 2 steps and 3 candidates; the best 2 are the finalists.</summary>
    public static readonly WeightSharingConfig Phase = new(WarmupSteps: 4, Rounds: 3, TrainSteps: 2, Candidates: 3, Paths: 2, Rerank: 2);

    /// <summary>A latency that depends on the network only (the oracle's job is tested elsewhere): 1 ms per 10M MACs.</summary>
    public static double Latency(NetworkArchitecture net) => CostModel.Compute(net).Macs / 1e7;

    public static (SupernetSearch Search, ExperimentSpace Space) Create(int seed, SearchSpaceConfig? spaceConfig = null, WeightSharingConfig? settings = null)
    {
        var random = new Random(3);
        var labels = Enumerable.Range(0, 192).Select(i => i % 10).ToArray();
        var pixels = new byte[labels.Length * 3 * 32 * 32];
        random.NextBytes(pixels);
        var dataset = new ImageDataset(pixels, labels, 3, 32, 32, 10, null, "synthetic", DatasetPartition.Train);
        var split = TrainValidationSplit.Create(dataset, 64, 1);
        var data = new SupernetData(dataset, split, ChannelNormalization.Compute(dataset, split.TrainIndices).ForChannels(3), 32, 32, seed);
        var space = ExperimentSpace.Create(spaceConfig ?? new SearchSpaceConfig(SearchSpaceKind.Mnasnet, SearchSpaceOverrides.None), 32, 10, "test");
        var search = new SupernetSearch(space, new ProxyTrainingOptions { WidthMultiplier = 0.35 }, data, Latency, Reward,
            settings ?? new WeightSharingConfig(RecalibrationBatches: 2, ValidationImages: 64), weightDecay: 4e-5, seed, ownsData: true);
        return (search, space);
    }

    /// <summary>The LSTM controller (REINFORCE, batches of 3) on a tiny supernet, with <see cref="Phase"/>.</summary>
    public static WeightSharingStrategy Strategy(int seed, SearchSpaceConfig? spaceConfig = null, WeightSharingConfig? settings = null)
    {
        var (search, space) = Create(seed, spaceConfig, settings);
        return new WeightSharingStrategy(new PolicyGradientSearch(space.Space.Schema, (ulong)seed,
            training: new NasLab.Controller.Training.PolicyGradientOptions { BatchSize = 3 }), search, Phase);
    }
}
