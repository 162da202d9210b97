using NasLab.Controller.State;
using NasLab.Search.Store;
using NasLab.Search.WeightSharing;

namespace NasLab.Dashboard.Api;

/// <summary>
/// The history page: each completed trial's reward in trial order and the best reward so far, and for a
/// weight-sharing search its supernet phase as of the latest checkpoint (the loss curve and the strategy's rewards
/// by round).
/// </summary>
internal static class HistoryData
{
    /// <summary>At most this many points of the loss curve: longer ones are averaged over equal runs of steps.</summary>
    private const int LossPoints = 400;

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
        return new { points, supernet = Supernet(store) };
    }

    private static object? Supernet(ITrialReader store)
    {
        if (store.LatestCheckpoint() is not { } checkpoint) return null;
        SupernetProgress? progress;
        try { progress = WeightSharingStrategy.ProgressOf(StrategyStateArchive.FromBytes(checkpoint.Blob)); }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null; // a checkpoint this version cannot read: the trial history still shows
        }
        if (progress is not { } p) return null;
        var per = Math.Max(1, (p.Losses.Count + LossPoints - 1) / LossPoints);
        var loss = p.Losses.Chunk(per).Select((c, i) => new { step = (long)i * per + c.Length, loss = c.Average() }).ToList();
        var rounds = p.Scored.GroupBy(c => c.Round).OrderBy(g => g.Key).Select(g => new
        {
            round = g.Key + 1, // candidates carry the 0-based round; the log and live view count from 1
            candidates = g.Count(),
            mean_reward = g.Average(c => c.Reward),
            best_reward = g.Max(c => c.Reward),
            mean_accuracy = g.Average(c => c.Accuracy),
        }).ToList();
        return new
        {
            steps = p.Steps,
            round = p.Round,
            done = p.Done,
            saved_at = checkpoint.CreatedAt,
            steps_per_point = per,
            loss,
            rounds,
            finalists = p.Finalists?.Select(f => new { decisions = f.Decisions, accuracy = f.Accuracy, latency_ms = f.LatencyMs, reward = f.Reward }),
        };
    }
}
