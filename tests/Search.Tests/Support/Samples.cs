using NasLab.Search.Store;

namespace NasLab.Search.Tests.Support;

/// <summary>Small, readable trial data for store tests.</summary>
public static class Samples
{
    public static readonly ExperimentIdentity Identity = new("exp", "name: exp\n", "name: 'exp'\n", new string('a', 64),
        new DatasetIdentity("cifar10", 5085, 1017, new string('b', 64)));

    /// <summary>Proposal number <paramref name="n"/>: its block string and hash name it, so a stored trial can be traced to it.</summary>
    public static TrialProposal Proposal(int n, int? duplicateOf = null) =>
        new([n % 3, n % 2, 1], $"{{\"blocks\":[{n}]}}", $"b{n}_k3_e6", $"hash-{n}", 1000 + n, duplicateOf);

    public static TrialMetrics Metrics(double accuracy, double latencyMs, double reward = 0.5) =>
        new(accuracy, ValLoss: 1.25, latencyMs, "lut", Params: 1_234_567, Macs: 56_000_000, reward,
            TrainSeconds: 12.5, LatencySeconds: 0.5, ImagesPerSec: 800, TrainingCurveJson: "[{\"epoch\":1,\"loss\":2.0}]");

    public static byte[] Checkpoint(int n) => [(byte)n, 0xCA, 0xFE, (byte)(n >> 8)];

    /// <summary>A trial as text, every field included, for comparing whole stores (records hold arrays, compared by reference).</summary>
    public static string Describe(TrialRecord t) =>
        $"{t.Id}|{string.Join(",", t.Decisions)}|{t.ArchitectureJson}|{t.BlockString}|{t.ArchHash}|{t.Status}|{t.Accuracy:R}|{t.ValLoss:R}|" +
        $"{t.LatencyMs:R}|{t.LatencyMode}|{t.Params}|{t.Macs}|{t.Reward:R}|{t.TrainSeconds:R}|{t.LatencySeconds:R}|{t.ImagesPerSec:R}|" +
        $"{t.TrainingCurveJson}|{t.Error}|{t.DuplicateOf}|{t.StartedAt:O}|{t.FinishedAt:O}|{t.CandidateId}|{t.Attempts}|{t.Worker}|{t.Told}";

    /// <summary>Everything a reader shows, as text: experiment, trials, latest checkpoint, runs.</summary>
    public static string Snapshot(ITrialReader r)
    {
        var e = r.GetExperiment();
        var c = r.LatestCheckpoint();
        return string.Join("\n",
            new[] { $"{e.Name}|{e.ConfigYaml}|{e.ResolvedConfigYaml}|{e.ConfigHash}|{e.CreatedAt:O}|{e.UpdatedAt:O}|{e.Status}|{e.NaslabVersion}|{e.Dataset}|{e.Dataset.Sha256}" }
                .Concat(r.ListTrials(TrialQuery.All).Select(Describe))
                .Append(c is null ? "no checkpoint" : $"checkpoint {c.AfterTrial} {Convert.ToHexString(c.Blob)} {c.CreatedAt:O}")
                .Concat(r.ListRuns().Select(x => $"run {x}")));
    }
}
