using NasLab.Search.Store;

namespace NasLab.Search.Analysis;

/// <summary>
/// Accuracy-vs-latency trade-off: the trials no other trial beats on both axes. Trial A dominates B when
/// A is at least as accurate and at least as fast, and strictly better in one of the two.
/// Only <c>completed</c> trials count: duplicates repeat an original's numbers and failed trials have none.
/// </summary>
public static class ParetoFront
{
    /// <summary>The non-dominated trials, fastest first (so accuracy increases down the list).</summary>
    public static IReadOnlyList<TrialRecord> Compute(IEnumerable<TrialRecord> trials)
    {
        var candidates = trials
            .Where(t => t.Status == TrialStatus.Completed && t.Accuracy is not null && t.LatencyMs is not null)
            .OrderBy(t => t.LatencyMs)
            .ThenByDescending(t => t.Accuracy)
            .ThenBy(t => t.Id)
            .ToList();

        // Sweep from fastest to slowest: a trial is on the front iff it is more accurate than every faster one.
        // Equal points do not dominate each other, so an exact tie with the last front member is kept too.
        var front = new List<TrialRecord>();
        foreach (var t in candidates)
        {
            if (front.Count == 0) { front.Add(t); continue; }
            var last = front[^1];
            var bestAccuracySoFar = front.Max(f => f.Accuracy!.Value);
            if (t.Accuracy > bestAccuracySoFar || (t.Accuracy == last.Accuracy && t.LatencyMs == last.LatencyMs))
            {
                front.Add(t);
            }
        }
        return front;
    }

    /// <summary>True when <paramref name="a"/> dominates <paramref name="b"/> (see class remarks).</summary>
    public static bool Dominates(TrialRecord a, TrialRecord b) =>
        a.Accuracy >= b.Accuracy && a.LatencyMs <= b.LatencyMs && (a.Accuracy > b.Accuracy || a.LatencyMs < b.LatencyMs);
}
