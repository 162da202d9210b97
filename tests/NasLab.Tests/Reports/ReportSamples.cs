using NasLab.Tests.Support;
using NasLab.Search.Store;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Text;
using NasLab.Tests.Export;

namespace NasLab.Tests.Reports;

/// <summary>Stores filled by hand for report tests, with real (decodable) MnasNet-space architectures.</summary>
public static class ReportSamples
{
    /// <summary>
    /// The hand-checked accuracy/latency points of <see cref="Support.ParetoSample"/> (front 3, 2, 7, 6) with
    /// distinct rewards: by reward 2 (0.80), 7, 3, 6, 5, 8, 1, 4. Trial 9 fails, trial 10 duplicates 6.
    /// </summary>
    public static readonly (double Acc, double Lat, double Reward)[] Completed =
        [(0.70, 30, 0.61), (0.90, 50, 0.80), (0.80, 10, 0.78), (0.60, 40, 0.50), (0.80, 20, 0.74), (0.95, 80, 0.77), (0.90, 50, 0.79), (0.85, 60, 0.70)];

    public static readonly int[] ParetoFront = [3, 2, 7, 6];
    public static readonly int[] ByReward = [2, 7, 3, 6, 5, 8, 1, 4];

    public static void FillHandMade(ITrialStore store)
    {
        for (int i = 0; i < Completed.Length; i++)
        {
            var id = store.BeginTrial(Proposal(i + 1));
            store.CompleteTrial(id, Metrics(Completed[i].Acc, Completed[i].Lat, Completed[i].Reward, i + 1));
        }
        store.FailTrial(store.BeginTrial(Proposal(9)), "diverged: loss is NaN");
        store.AddDuplicate(Proposal(6), 6);
    }

    /// <summary>
    /// A plausible-looking search of <paramref name="trials"/> trials for the example screenshot: latency grows with
    /// MACs, accuracy with log-parameters plus noise, reward = ACC * (LAT / 40)^-0.07, every 13th trial fails.
    /// </summary>
    public static void FillSynthetic(ITrialStore store, int trials)
    {
        var random = new Random(4);
        for (int n = 1; n <= trials; n++)
        {
            var id = store.BeginTrial(Proposal(n));
            if (n % 13 == 0) { store.FailTrial(id, "out of memory"); continue; }
            var cost = CostModel.Compute(ModelFixtures.RandomMnasNet(n, 224));
            var latency = 4 + cost.Macs / 9e6 * (0.8 + 0.4 * random.NextDouble());
            var accuracy = Math.Clamp(0.45 + 0.07 * Math.Log(cost.Params / 5e5) + n * 0.002 + random.NextDouble() * 0.06, 0.3, 0.95);
            var reward = accuracy * Math.Pow(latency / 40, -0.07);
            store.CompleteTrial(id, Metrics(accuracy, latency, reward, n) with { Params = cost.Params, Macs = cost.Macs });
        }
    }

    private static TrialProposal Proposal(int n)
    {
        var net = ModelFixtures.RandomMnasNet(n, 224);
        return new TrialProposal([n], ArchitectureJson.Serialize(net), NetworkString.Format(net).Replace('\n', ' '), $"arch-{n}", n);
    }

    private static TrialMetrics Metrics(double accuracy, double latency, double reward, int n) =>
        new(accuracy, 1.1, latency, "lut", 2_000_000 + n * 10_000, 150_000_000 + n * 1_000_000, reward, 30, 0.4, 900, null);
}
