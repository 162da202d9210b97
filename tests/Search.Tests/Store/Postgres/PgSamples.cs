using NasLab.Search.Store;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>Hand-made experiments, proposals and metrics for the PostgreSQL store tests (and their child processes).</summary>
public static class PgSamples
{
    public static readonly DatasetIdentity Dataset = new("fashion-mnist", 60000, 10000, new string('a', 64));

    public static ExperimentIdentity Identity(string name, string hash = "0123456789abcdef0123456789abcdef") =>
        new(name, $"name: {name}\n# as written\n", $"name: {name}\nresolved: true\n", hash, Dataset);

    public static TrialProposal Proposal(int i, int? duplicateOf = null) =>
        new([i % 3, i % 5, 1], $"{{\"i\":{i}}}", $"block{i}", $"hash{i}", 1000 + i, duplicateOf);

    public static TrialMetrics Metrics(double accuracy, double latencyMs = 1.5, double reward = 0.5, double? valLoss = 0.7,
        string? curve = null) =>
        new(accuracy, valLoss, latencyMs, "measured", 12345, 678910, reward, 2.5, 0.25, 900.0, curve);
}
