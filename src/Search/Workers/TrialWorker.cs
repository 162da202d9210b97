using NasLab.Search.Config;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.SearchSpace.Json;
using Serilog;

namespace NasLab.Search.Workers;

/// <summary>
/// Evaluates queued trials: claim one, train and measure it while heartbeating, report the result. The
/// local search runs one in its own process; <c>naslab worker</c> runs one per machine against a shared
/// store. A claim lost while evaluating (the worker was silent past the grace period and the trial was given
/// to another) cancels the evaluation, and its late result would be refused by the store anyway.
/// </summary>
public sealed class TrialWorker(ITrialStore store, string name, ExperimentConfig config, ITrialEvaluator evaluator, ILogger log,
    TimeSpan? heartbeatInterval = null)
{
    private readonly TimeSpan _heartbeat = heartbeatInterval ?? TimeSpan.FromSeconds(10);

    public string Name => name;

    /// <summary>Claims and evaluates one queued trial.</summary>
    public WorkerStep RunOne(CancellationToken abort, ISearchObserver? observer = null)
    {
        var claim = store.Claim(name);
        if (claim is null)
        {
            store.Heartbeat(name, null);
            return WorkerStep.Idle;
        }
        var trial = claim.Trial;
        observer?.TrialStarted(trial.Id, trial.BlockString);
        log.Information("Trial {Trial} (attempt {Attempt}) on {Worker}: {Architecture}", trial.Id, claim.Attempt, name, trial.BlockString.Replace('\n', ' '));

        using var lost = CancellationTokenSource.CreateLinkedTokenSource(abort);
        TrialEvaluation? evaluation;
        using (new Timer(_ => Beat(claim, lost), null, _heartbeat, _heartbeat))
        {
            var child = ArchitectureJson.Deserialize(trial.ArchitectureJson);
            evaluation = evaluator.Evaluate(child, lost.Token);
            if (evaluation is null)
            {
                if (abort.IsCancellationRequested) return WorkerStep.Aborted;
                log.Warning("Trial {Trial}: the claim of {Worker} expired while it ran; the result is dropped", trial.Id, name);
                return WorkerStep.ClaimLost;
            }
            var outcome = TrialScoring.Score(evaluation, child, config.Reward);
            try { store.Report(claim, outcome); }
            catch (ClaimLostException e)
            {
                log.Warning("Trial {Trial}: {Reason}", trial.Id, e.Message);
                return WorkerStep.ClaimLost;
            }
            if (outcome.Error is { } error) log.Warning("Trial {Trial} failed: {Reason}", trial.Id, error);
            else
                log.Information("Trial {Trial} completed: accuracy {Accuracy:P1}, latency {Latency:F2} ms ({Mode}), reward {Reward:F4}",
                    trial.Id, outcome.Metrics!.Accuracy, outcome.Metrics.LatencyMs, outcome.Metrics.LatencyMode, outcome.Metrics.Reward);
            if (evaluation.Note is { } note) log.Information("Trial {Trial} latency note: {Note}", trial.Id, note);
            if (outcome.Metrics is { LatencyMode: "lut+verify", MeasuredLatencyMs: double measured } m)
                log.Information("Trial {Trial} verified: lookup table {Estimate:F2} ms, measured {Measured:F2} ms ({Error:+0.0;-0.0} %)",
                    trial.Id, m.LatencyMs, measured, 100 * (m.LatencyMs - measured) / measured);
        }
        return WorkerStep.Reported;
    }

    private void Beat(TrialClaim claim, CancellationTokenSource lost)
    {
        try
        {
            if (!store.Heartbeat(name, claim)) lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The trial ended while this beat was on its way.
        }
        catch (Exception e)
        {
            // A store that cannot be reached for one beat is not a lost claim: the grace period covers short outages.
            log.Warning("Heartbeat of {Worker} failed: {Reason}", name, e.Message);
        }
    }
}

public enum WorkerStep { Idle, Reported, ClaimLost, Aborted }
