using NasLab.Search.Analysis;
using NasLab.Search.Store;

namespace NasLab.Dashboard.Api;

/// <summary>
/// The Pareto page: every completed trial's accuracy and latency, the front (<see cref="ParetoFront"/>, the same
/// function <c>naslab pareto</c> prints), and the reward's target and exponents for the iso-reward curves.
/// </summary>
internal static class ParetoData
{
    public static object Build(ITrialReader store, ExperimentSettings settings)
    {
        var completed = store.ListTrials(new TrialQuery(TrialStatus.Completed));
        var front = ParetoFront.Compute(completed);
        var reward = settings.Config?.Reward;
        return new
        {
            reward = reward is null ? null : new { target_ms = reward.TargetMs, alpha = reward.Alpha, beta = reward.Beta, form = reward.Form.ToString().ToLowerInvariant() },
            points = completed.Select(t => new { id = t.Id, accuracy = t.Accuracy, latency_ms = t.LatencyMs, reward = t.Reward }),
            front = front.Select(TrialJson.Row),
        };
    }
}
