using NasLab.Controller.Strategies;

namespace NasLab.Controller.Tests.Support;

/// <summary>
/// A minimal search loop that only sees <see cref="ISearchStrategy"/>: ask a batch, score it, tell it.
/// </summary>
public static class SearchDriver
{
    public sealed record Outcome(double BestReward, int[] BestDecisions, List<Candidate> Asked);

    public static Outcome Run(ISearchStrategy strategy, Func<int[], double?> reward, int budget, int askSize)
    {
        var asked = new List<Candidate>();
        double best = double.NegativeInfinity;
        int[] bestDecisions = [];
        while (asked.Count < budget)
        {
            var batch = strategy.Ask(Math.Min(askSize, budget - asked.Count));
            var results = new List<TrialResult>();
            foreach (var c in batch)
            {
                var r = reward(c.Decisions);
                results.Add(new TrialResult(c.Id, r));
                if (r is { } v && v > best) { best = v; bestDecisions = c.Decisions; }
            }
            strategy.Tell(results);
            asked.AddRange(batch);
        }
        return new Outcome(best, bestDecisions, asked);
    }
}
