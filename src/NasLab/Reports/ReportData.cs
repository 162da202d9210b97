using NasLab.Search.Analysis;
using NasLab.Search.Store;

namespace NasLab.Cli.Reports;

/// <summary>Everything a report shows, read from the store once so rendering is a pure function of it.</summary>
public sealed record ReportData(
    ExperimentInfo Experiment,
    IReadOnlyList<TrialRecord> Trials,
    IReadOnlyList<TrialRecord> Completed,
    IReadOnlyList<TrialRecord> ParetoFront,
    IReadOnlyList<TrialRecord> TopByReward)
{
    /// <summary>Trials that carry a reward: completed ones and duplicates (which repeat an original's numbers).</summary>
    public IReadOnlyList<TrialRecord> Rewarded => Trials.Where(t => t.Reward is not null).ToList();

    /// <summary>Completed trial with the highest reward (ties: the earliest), or null before the first completes.</summary>
    public TrialRecord? Best => TopByReward.Count > 0 ? TopByReward[0] : null;

    public int Count(TrialStatus status) => Trials.Count(t => t.Status == status);

    public static ReportData Load(ITrialReader store, int top)
    {
        var trials = store.ListTrials(TrialQuery.All);
        var completed = trials.Where(t => t.Status == TrialStatus.Completed && t.Reward is not null).ToList();
        var ranked = completed.OrderByDescending(t => t.Reward).ThenBy(t => t.Id).Take(top).ToList();
        return new ReportData(store.GetExperiment(), trials, completed, NasLab.Search.Analysis.ParetoFront.Compute(completed), ranked);
    }
}
