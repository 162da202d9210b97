using NasLab.Search.Store;

namespace NasLab.Dashboard.Api;

/// <summary>The overview page: status, budget used and an estimate of the time left, the best trial, workers.</summary>
internal static class OverviewData
{
    /// <summary>Workers that heartbeated within this long are listed (the coordinator's default grace).</summary>
    private static readonly TimeSpan WorkerWindow = TimeSpan.FromSeconds(60);

    public static object Build(ITrialReader store, ExperimentSettings settings, DateTimeOffset now)
    {
        var experiment = store.GetExperiment();
        var counts = Enum.GetValues<TrialStatus>().ToDictionary(s => s.ToDb(), s => store.Count(s));
        var total = store.Count();
        var finished = counts["completed"] + counts["failed"] + counts["duplicate"];
        var best = store.ListTrials(new TrialQuery(TrialStatus.Completed, "reward", Top: 1)).FirstOrDefault();
        var running = store.ListTrials(new TrialQuery(TrialStatus.Running));
        var budget = settings.Config?.Budget ?? new NasLab.Search.Config.BudgetConfig(null, null);
        var elapsed = (experiment.Status == ExperimentStatus.Running ? now : experiment.UpdatedAt) - experiment.CreatedAt;
        return new
        {
            name = experiment.Name,
            status = experiment.Status.ToDb(),
            created_at = experiment.CreatedAt,
            updated_at = experiment.UpdatedAt,
            trials = total,
            counts,
            budget_trials = budget.Trials,
            budget_wall_seconds = budget.WallTime?.TotalSeconds,
            elapsed_seconds = elapsed.TotalSeconds,
            eta_seconds = Eta(store, budget.Trials, finished, experiment.Status),
            best = best is null ? null : TrialJson.Row(best),
            running = running.Select(t => new { id = t.Id, worker = t.Worker, started_at = t.StartedAt, attempts = t.Attempts }),
            workers = store.LiveWorkers(WorkerWindow).Select(w => new { name = w.Worker, last_heartbeat = w.LastHeartbeat, current_trial = w.CurrentTrial }),
            latency_devices = store.ListTrials(new TrialQuery(TrialStatus.Completed)).Select(t => t.LatencyDevice ?? "not recorded").Distinct().Order(),
            search_space = settings.Config?.SearchSpace.Kind.ToString().ToLowerInvariant() ?? "unknown",
            strategy = settings.Config?.Strategy.Type.ToString().ToLowerInvariant() ?? "unknown",
            target_ms = settings.Config?.Reward.TargetMs,
        };
    }

    /// <summary>
    /// Seconds until the trial budget is spent: trials left times the recent pace (finished trials per second of
    /// wall time over the last 20 finished trials, which covers however many workers there are). Null when the
    /// search is not running or the pace is unknown.
    /// </summary>
    private static double? Eta(ITrialReader store, int? budgetTrials, int finished, ExperimentStatus status)
    {
        if (status != ExperimentStatus.Running || budgetTrials is not int budget || finished < 2) return null;
        var recent = store.ListTrials(TrialQuery.All).Where(t => t.FinishedAt is not null).OrderByDescending(t => t.FinishedAt).Take(20).ToList();
        if (recent.Count < 2) return null;
        var span = (recent[0].FinishedAt!.Value - recent[^1].FinishedAt!.Value).TotalSeconds;
        if (span <= 0) return null;
        var perSecond = (recent.Count - 1) / span;
        return Math.Max(0, budget - finished) / perSecond;
    }
}
