using NasLab.Search.Store;

namespace NasLab.Dashboard.Api;

/// <summary>The history page: each completed trial's reward in trial order and the best reward so far.</summary>
internal static class HistoryData
{
    public static object Build(ITrialReader store)
    {
        var best = double.NegativeInfinity;
        var points = new List<object>();
        foreach (var t in store.ListTrials(new TrialQuery(TrialStatus.Completed)))
        {
            if (t.Reward is not double r) continue;
            best = Math.Max(best, r);
            points.Add(new { id = t.Id, reward = r, best, accuracy = t.Accuracy, latency_ms = t.LatencyMs });
        }
        // Weight-sharing searches (a supernet's training curve) are not built yet; the page says so when this is null.
        return new { points, supernet = (object?)null };
    }
}
