using NasLab.Search.Experiment;
using System.Diagnostics;
using NasLab.Search.Config;
using NasLab.Search.Store;
using NasLab.Controller.Strategies;
using NasLab.Evaluator.Training;
using NasLab.LatencyOracle.Oracle;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Engine;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Text;
using Serilog;

namespace NasLab.Search.Loop;

/// <summary>
/// The search: ask the strategy for a candidate, reuse the result of an identical earlier network,
/// otherwise proxy-train it and measure its latency, compute the reward ACC * (LAT / T)^w, tell the
/// strategy, and record the trial together with the strategy's new state in one transaction. A
/// process killed at any moment loses at most the trial in flight; the next run resumes from the
/// stored state and proposes that same candidate again.
/// </summary>
public sealed class SearchLoop(
    ExperimentConfig config,
    TrialStore store,
    ISearchStrategy strategy,
    ExperimentSpace space,
    ProxyTrainer trainer,
    ExperimentLatency latency,
    ILogger log,
    ISearchObserver observer)
{
    /// <summary>
    /// Runs until the budget is spent or <paramref name="stop"/> is signalled (the current trial is
    /// finished first). <paramref name="abort"/> interrupts the trial in flight; it stays unrecorded
    /// and is proposed again on resume.
    /// </summary>
    public SearchOutcome Run(CancellationToken stop, CancellationToken abort = default)
    {
        var clock = Stopwatch.StartNew();
        int ran = 0;
        while (true)
        {
            int done = store.Count();
            if (config.Budget.Trials is int max && done >= max) return new SearchOutcome(SearchEnd.BudgetSpent, ran);
            if (config.Budget.WallTime is TimeSpan wall && clock.Elapsed >= wall) return new SearchOutcome(SearchEnd.TimeSpent, ran);
            if (stop.IsCancellationRequested) return new SearchOutcome(SearchEnd.Stopped, ran);
            var trial = RunTrial(abort);
            if (trial is null) return new SearchOutcome(SearchEnd.Aborted, ran);
            ran++;
            observer.TrialFinished(trial, Best());
        }
    }

    private TrialRecord? Best() =>
        store.ListTrials(new TrialQuery(Store.TrialStatus.Completed, "reward", Descending: true, Top: 1)).FirstOrDefault();

    /// <summary>One trial; null when it was aborted (nothing recorded, the store keeps it as running).</summary>
    private TrialRecord? RunTrial(CancellationToken abort)
    {
        var candidate = OnOneThread(() => strategy.Ask(1)[0]);
        var child = space.Child(candidate.Decisions);
        var hash = ArchitectureHash.Of(child);
        child = child with { Name = $"{config.Name}-{hash[..8]}" };
        var summary = Describe(child);
        var id = store.BeginTrial(new TrialProposal(candidate.Decisions, ArchitectureJson.Serialize(child), summary, hash, candidate.Id));
        observer.TrialStarted(id, summary);
        log.Information("Trial {Trial}: {Architecture}", id, summary.Replace('\n', ' '));

        var original = store.FindCompletedByArchHash(hash);
        if (original is not null)
        {
            // Same network as an earlier trial: reuse its reward instead of training it again.
            store.CompleteAsDuplicate(id, original.Id, TellAndSave(new TrialResult(candidate.Id, original.Reward)));
            log.Information("Trial {Trial} duplicates trial {Original}; reward {Reward:F4} reused", id, original.Id, original.Reward);
            return store.GetTrial(id);
        }

        var trainClock = Stopwatch.StartNew();
        var result = trainer.Train(child, abort);
        var trainSeconds = trainClock.Elapsed.TotalSeconds;
        if (result.Status == Evaluator.Training.TrainingOutcome.Cancelled) return null;
        if (result.Status != Evaluator.Training.TrainingOutcome.Completed || result.ValidationAccuracy is not double accuracy)
            return Fail(id, candidate, result.FailureReason ?? $"training ended with status {result.Status}");

        var latencyClock = Stopwatch.StartNew();
        OracleAnswer answer;
        try { answer = latency.Oracle.Query(child, latency.Mode); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail(id, candidate, $"latency measurement failed: {e.Message}");
        }
        var latencySeconds = latencyClock.Elapsed.TotalSeconds;

        // A reward that is not finite cannot be ranked or learned from: the trial fails with the reason
        // (and the search goes on) instead of staying 'running' and failing again on every resume.
        if (!config.Reward.TryCompute(accuracy, answer.LatencyMs, out var reward, out var problem))
            return Fail(id, candidate, problem!);
        var cost = CostModel.Compute(child);
        var checkpoint = TellAndSave(new TrialResult(candidate.Id, reward));
        var metrics = new TrialMetrics(accuracy, result.ValidationLoss, answer.LatencyMs, OracleModes.Name(answer.Mode), cost.Params, cost.Macs,
            reward, trainSeconds, latencySeconds, result.ImagesPerSecond, TrainingJson.Serialize(result.Curve));
        store.CompleteTrial(id, metrics, checkpoint);
        log.Information("Trial {Trial} completed: accuracy {Accuracy:P1}, latency {Latency:F2} ms ({Mode}), reward {Reward:F4}",
            id, accuracy, answer.LatencyMs, OracleModes.Name(answer.Mode), reward);
        if (answer.Note is { } note) log.Information("Trial {Trial} latency note: {Note}", id, note);
        return store.GetTrial(id);
    }

    private TrialRecord Fail(int id, Candidate candidate, string reason)
    {
        store.FailTrial(id, reason, TellAndSave(TrialResult.Failed(candidate.Id)));
        log.Warning("Trial {Trial} failed: {Reason}", id, reason);
        return store.GetTrial(id)!;
    }

    /// <summary>Tells the strategy a result (a controller may update its policy) and returns its new state.</summary>
    private byte[] TellAndSave(TrialResult result) => OnOneThread(() =>
    {
        strategy.Tell([result]);
        return StrategyCheckpointCodec.Save(strategy);
    });

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

public enum SearchEnd { BudgetSpent, TimeSpent, Stopped, Aborted }

public sealed record SearchOutcome(SearchEnd End, int TrialsRun);
