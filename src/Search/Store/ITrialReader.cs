namespace NasLab.Search.Store;

/// <summary>
/// The read side of an experiment's store, what <c>trials</c>, <c>show</c>, <c>pareto</c>, <c>report</c>
/// and the live view use. Every implementation serves readers while a search writes and only ever shows
/// committed trials. Opening a store that fails its integrity check throws <see cref="TrialStoreException"/>
/// naming the store, so damaged history never passes for a result.
/// </summary>
public interface ITrialReader : IDisposable
{
    /// <summary>Where the store lives, safe to print: a file path, or a PostgreSQL URL without credentials.</summary>
    string Location { get; }

    bool IsReadOnly { get; }

    ExperimentInfo GetExperiment();

    TrialRecord? GetTrial(int trialId);

    IReadOnlyList<TrialRecord> ListTrials(TrialQuery query);

    /// <summary>The earliest completed trial with this architecture hash, for reusing its result.</summary>
    TrialRecord? FindCompletedByArchHash(string archHash);

    /// <summary>Number of trials, all or in one status.</summary>
    int Count(TrialStatus? status = null);

    StrategyCheckpoint? LatestCheckpoint();

    /// <summary>
    /// Workers that heartbeated within <paramref name="grace"/> (idle or busy). A LiteDB store keeps heartbeats in its
    /// writer's memory only, so its readers see none: its running trials name their worker instead.
    /// </summary>
    IReadOnlyList<WorkerRecord> LiveWorkers(TimeSpan grace);

    /// <summary>What ran against this experiment (coordinator, local search and worker processes), oldest first.</summary>
    IReadOnlyList<RunRecord> ListRuns();
}
