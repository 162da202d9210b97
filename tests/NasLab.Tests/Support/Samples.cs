using NasLab.Search.Store;

namespace NasLab.Tests.Support;

/// <summary>Small, readable trial data for store tests.</summary>
public static class Samples
{
    public static readonly ExperimentIdentity Identity = new("exp", "name: exp\n", "name: 'exp'\n", new string('a', 64), new DatasetIdentity("cifar10", 5085, 1017, new string('b', 64)));

    public static TrialProposal Proposal(int n) =>
        new([n % 3, n % 2, 1], $"{{\"blocks\":[{n}]}}", $"b{n}_k3_e6", $"hash-{n}", n);

    public static TrialMetrics Metrics(double accuracy, double latencyMs, double reward = 0.5) =>
        new(accuracy, ValLoss: 1.25, latencyMs, "lut", Params: 1_234_567, Macs: 56_000_000, reward,
            TrainSeconds: 12.5, LatencySeconds: 0.5, ImagesPerSec: 800, TrainingCurveJson: "[{\"epoch\":1,\"loss\":2.0}]");

    public static byte[] Checkpoint(int afterTrial) => [(byte)afterTrial, 0xCA, 0xFE];
}
