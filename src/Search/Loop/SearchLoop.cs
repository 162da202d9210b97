using System.Diagnostics;
using NasLab.Controller.Strategies;
using NasLab.LatencyOracle.Oracle;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Store;
using NasLab.Search.Workers;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Engine;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Text;
using Serilog;

namespace NasLab.Search.Loop;

/// <summary>
/// The search, as the owner of the strategy: keep candidates queued in the store, tell the strategy each
/// result as it arrives, and end when the budget is spent. Trials are evaluated either by this process
/// (<see cref="Run"/> with a local <see cref="TrialWorker"/>: a search on one machine) or by worker
/// processes on any number of machines sharing the store (without one: the coordinator).
/// <para>
/// Every step commits with the strategy state it produced (see <see cref="ITrialStore"/>): candidates are
/// queued together with the checkpoint taken after asking for them, results are told together with the
/// checkpoint taken after telling them. A process killed at any instant therefore resumes with a strategy
/// that agrees with the store: queued and running trials are still pending in it, and the trial in flight is
/// evaluated again under its own number. An architecture already evaluated is not trained again: the new
/// trial is stored as a duplicate of the original and gets its reward.
/// </para>
/// </summary>
public sealed class SearchLoop(
    ExperimentConfig config,
    ITrialStore store,
    ISearchStrategy strategy,
    ExperimentSpace space,
    ILogger log,
    ISearchObserver observer,
    SearchLoopOptions? options = null)
{
    private readonly SearchLoopOptions _options = options ?? new SearchLoopOptions();

    /// <summary>
    /// Runs until the budget is spent or <paramref name="stop"/> is signalled (the local trial in flight is
    /// finished first). <paramref name="abort"/> interrupts the local trial in flight: it stays running in the
    /// store and is evaluated again on resume. With <paramref name="local"/> null, workers evaluate the trials.
    /// </summary>
    public SearchOutcome Run(CancellationToken stop, CancellationToken abort = default, TrialWorker? local = null)
    {
        var clock = Stopwatch.StartNew();
        int ran = 0;
        while (true)
        {
            ran += TellFinished();
            var finished = store.Count() - store.Count(Store.TrialStatus.Queued) - store.Count(Store.TrialStatus.Running);
            if (config.Budget.Trials is int max && finished >= max) return new SearchOutcome(SearchEnd.BudgetSpent, ran);
            if (config.Budget.WallTime is TimeSpan wall && clock.Elapsed >= wall) return new SearchOutcome(SearchEnd.TimeSpent, ran);
            if (stop.IsCancellationRequested) return new SearchOutcome(SearchEnd.Stopped, ran);

            Refill(local is null ? store.LiveWorkers(_options.HeartbeatGrace).Count : 1);
            if (local is not null)
            {
                if (local.RunOne(abort, observer) == WorkerStep.Aborted) return new SearchOutcome(SearchEnd.Aborted, ran);
            }
            else
            {
                foreach (var stale in store.RequeueStale(_options.HeartbeatGrace, _options.MaxAttempts))
                {
                    var text = stale.Failed
                        ? $"Trial {stale.TrialId} failed: worker {stale.Worker} stopped heartbeating and it was attempted {stale.Attempts} times"
                        : $"Trial {stale.TrialId}: worker {stale.Worker} stopped heartbeating; the trial is queued again";
                    log.Warning(text);
                    observer.Message(text);
                }
                stop.WaitHandle.WaitOne(_options.PollInterval);
            }
        }
    }

    /// <summary>Tells the strategy every finished trial it has not been told yet; returns how many.</summary>
    private int TellFinished()
    {
        var finished = store.FinishedUntold();
        if (finished.Count == 0) return 0;
        var results = finished
            .Select(t => t.Status == Store.TrialStatus.Failed ? TrialResult.Failed(t.CandidateId) : new TrialResult(t.CandidateId, t.Reward!.Value))
            .ToList();
        var checkpoint = OnOneThread(() =>
        {
            strategy.Tell(results);
            return StrategyCheckpointCodec.Save(strategy);
        });
        store.MarkTold(finished.Select(t => t.Id).ToList(), checkpoint);
        foreach (var trial in finished) observer.TrialFinished(trial with { Told = true }, Best());
        return finished.Count;
    }

    /// <summary>
    /// Queues candidates until <paramref name="workers"/> trials are outstanding (for a policy-gradient
    /// controller at least its batch of M: the policy does not change before M results, so asking for them
    /// together costs nothing), never beyond the trial budget.
    /// </summary>
    private void Refill(int workers)
    {
        var depth = Math.Max(Math.Max(workers, 1), config.Strategy.Rl?.Training.BatchSize ?? 1);
        var outstanding = store.Count(Store.TrialStatus.Queued) + store.Count(Store.TrialStatus.Running);
        var room = config.Budget.Trials is int max ? max - store.Count() : int.MaxValue;
        var count = Math.Min(depth - outstanding, room);
        if (count <= 0) return;

        var (proposals, checkpoint) = OnOneThread(() =>
        {
            var candidates = strategy.Ask(count);
            return (candidates.Select(Propose).ToList(), StrategyCheckpointCodec.Save(strategy));
        });
        var ids = store.Enqueue(proposals, checkpoint);
        for (int i = 0; i < ids.Count; i++)
        {
            if (proposals[i].DuplicateOf is int original)
                log.Information("Trial {Trial} duplicates trial {Original}; its result is reused", ids[i], original);
            else
                log.Debug("Trial {Trial} queued: {Architecture}", ids[i], proposals[i].BlockString.Replace('\n', ' '));
        }
    }

    private TrialProposal Propose(Candidate candidate)
    {
        var child = space.Child(candidate.Decisions);
        var hash = ArchitectureHash.Of(child);
        child = child with { Name = $"{config.Name}-{hash[..8]}" };
        var original = store.FindCompletedByArchHash(hash);
        var estimate = (strategy as WeightSharing.WeightSharingStrategy)?.EstimateOf(candidate.Id);
        return new TrialProposal(candidate.Decisions, ArchitectureJson.Serialize(child), Describe(child), hash, candidate.Id, original?.Id,
            estimate?.Accuracy);
    }

    private TrialRecord? Best() =>
        store.ListTrials(new TrialQuery(Store.TrialStatus.Completed, "reward", Descending: true, Top: 1)).FirstOrDefault();

    /// <summary>
    /// Runs controller work on one libtorch thread: its LSTM ops are tiny, and waking the OpenMP pool
    /// for each of them cost ~40x more than the work itself (138 ms vs 3 ms per update, measured).
    /// </summary>
    private static T OnOneThread<T>(Func<T> work)
    {
        var threads = TorchEngine.NumThreads;
        TorchEngine.NumThreads = 1;
        try { return work(); }
        finally { TorchEngine.NumThreads = threads; }
    }

    /// <summary>One line per stage for block networks; the two cells for cell networks.</summary>
    public static string Describe(NetworkArchitecture net) => net switch
    {
        BlockNetwork b => string.Join('\n', b.Stages.Where(s => s.Repeats > 0).Select(BlockString.Format)),
        CellNetwork c => $"normal: {CellString.Format(c.Normal)}\nreduction: {CellString.Format(c.Reduction)}",
        _ => net.Name,
    };
}

/// <summary>How the owner of the strategy watches workers (defaults fit trials of seconds to hours).</summary>
public sealed record SearchLoopOptions
{
    /// <summary>A worker silent this long is presumed dead and its trial re-queued.</summary>
    public TimeSpan HeartbeatGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts of one trial before it is failed (a network that kills every worker it meets).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How often a coordinator looks for results.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}

public enum SearchEnd { BudgetSpent, TimeSpent, Stopped, Aborted }

public sealed record SearchOutcome(SearchEnd End, int TrialsRun);
