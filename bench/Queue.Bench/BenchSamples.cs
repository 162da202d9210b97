using NasLab.Search.Store;

namespace NasLab.Queue.Bench;

/// <summary>Zero-cost stand-ins for an experiment, its proposals and a trial's metrics.</summary>
internal static class BenchSamples
{
    public static ExperimentIdentity Identity(string name) =>
        new(name, $"name: {name}\n", $"name: {name}\n", "bench-config-hash-0000000000000000", new DatasetIdentity("none", 0, 0, new string('0', 64)));

    public static TrialProposal Proposal(int i) => new([i % 7, i % 11, 3], $"{{\"i\":{i}}}", $"block{i}", $"hash{i}", i);

    public static readonly TrialOutcome Outcome =
        TrialOutcome.Completed(new TrialMetrics(0.5, 0.7, 1.5, "measured", 1000, 2000, 0.5, 2.0, 0.1, 100, null));
}
