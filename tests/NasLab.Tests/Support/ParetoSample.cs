using NasLab.Search.Store;

namespace NasLab.Tests.Support;

/// <summary>
/// A hand-checked experiment for Pareto tests (trial: accuracy / latency ms):
/// 1: 0.70/30 dominated by 3;  2: 0.90/50 front;  3: 0.80/10 front;  4: 0.60/40 dominated by 1 and 3;
/// 5: 0.80/20 dominated by 3 (same accuracy, slower);  6: 0.95/80 front (most accurate);
/// 7: 0.90/50 exact tie with 2, front;  8: 0.85/60 dominated by 2;  9: failed;  10: duplicate of 6.
/// Front, fastest first: 3, 2, 7, 6.
/// </summary>
public static class ParetoSample
{
    public static readonly int[] ExpectedFront = [3, 2, 7, 6];

    private static readonly (double Acc, double Lat)[] Completed =
        [(0.70, 30), (0.90, 50), (0.80, 10), (0.60, 40), (0.80, 20), (0.95, 80), (0.90, 50), (0.85, 60)];

    public static void Fill(ITrialStore store)
    {
        for (var i = 0; i < Completed.Length; i++)
        {
            var id = store.BeginTrial(Samples.Proposal(i + 1));
            store.CompleteTrial(id, Samples.Metrics(Completed[i].Acc, Completed[i].Lat, reward: Completed[i].Acc));
        }
        store.FailTrial(store.BeginTrial(Samples.Proposal(9)), "diverged: loss is NaN");
        store.AddDuplicate(Samples.Proposal(6), 6);
    }
}
