using System.Globalization;
using NasLab.Controller.Strategies;
using NasLab.Evaluator.WeightSharing;
using NasLab.LatencyOracle.Oracle;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using Serilog;

namespace NasLab.Search.WeightSharing;

/// <summary>
/// Runs a weight-sharing experiment's supernet phase inside <c>naslab search</c>: builds the supernet search from the
/// experiment, then runs its rounds, reporting each one to the log and the live view and checkpointing the supernet
/// and the strategy in the trial store every <see cref="WeightSharingConfig.CheckpointRounds"/> rounds, so a killed
/// search resumes from the last checkpoint.
/// </summary>
public static class WeightSharingPhase
{
    /// <summary>How a call of <see cref="Run"/> ended: the phase is over, or it stopped at a checkpoint to be resumed.</summary>
    public enum End { Done, Stopped, TimeSpent }

    /// <summary>The experiment's weight-sharing strategy around <paramref name="inner"/> (which it owns from then on).</summary>
    public static WeightSharingStrategy Create(ExperimentConfig config, ExperimentInputs inputs, ExperimentLatency latency, ISearchStrategy inner)
    {
        var ws = config.Evaluation.WeightSharing ?? throw new InvalidOperationException("the experiment does not use weight sharing");
        var trainer = inputs.Trainer;
        var data = new SupernetData(inputs.TrainFiles, trainer.Split, trainer.Normalization, config.Dataset.Resolution,
            config.ProxyTraining.BatchSize, config.Seed);
        // Supernet rewards use the lookup table whenever the experiment has one: thousands of candidates are scored.
        var mode = latency.Mode == OracleMode.Measured ? OracleMode.Measured : OracleMode.Lut;
        var search = new SupernetSearch(inputs.Space, trainer.Options, data, net => latency.Oracle.Query(net, mode).LatencyMs, config.Reward,
            ws, config.ProxyTraining.WeightDecay, config.Seed, ownsData: true);
        return new WeightSharingStrategy(inner, search, ws);
    }

    /// <summary>
    /// Runs the phase to its end, or until <paramref name="stop"/> or until <paramref name="wallTime"/> has passed
    /// (checked between rounds); either way the state is checkpointed.
    /// </summary>
    public static End Run(WeightSharingStrategy strategy, WeightSharingConfig config, ITrialStore store, ILogger log, ISearchObserver observer,
        CancellationToken stop, TimeSpan? wallTime = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var units = 0;
        while (!strategy.SupernetDone)
        {
            var end = stop.IsCancellationRequested ? End.Stopped : wallTime is TimeSpan wall && clock.Elapsed >= wall ? End.TimeSpent : End.Done;
            if (end != End.Done)
            {
                Checkpoint(strategy, store);
                return end;
            }
            var round = strategy.RunRound();
            units++;
            var text = Describe(round, config);
            log.Information(text);
            observer.Message(text);
            if (units % config.CheckpointRounds == 0 || strategy.SupernetDone) Checkpoint(strategy, store);
        }
        var finalists = string.Join(", ", strategy.Finalists.Select(f => $"{f.Accuracy.ToString("P1", CultureInfo.InvariantCulture)} at {f.LatencyMs.ToString("F2", CultureInfo.InvariantCulture)} ms"));
        var done = $"Supernet phase done after {strategy.Search.Steps} steps and {strategy.Search.Scored.Count} architectures scored; " +
                   $"re-ranking the best {strategy.Finalists.Count} stand-alone (supernet accuracy: {finalists})";
        log.Information(done);
        observer.Message(done);
        return End.Done;
    }

    private static void Checkpoint(WeightSharingStrategy strategy, ITrialStore store) =>
        store.Enqueue([], StrategyCheckpointCodec.Save(strategy));

    private static string Describe(SupernetRound r, WeightSharingConfig config)
    {
        var loss = r.MeanLoss.ToString("F3", CultureInfo.InvariantCulture);
        if (r.IsWarmup) return $"Supernet warm-up: step {r.Steps}/{config.WarmupSteps}, mean loss {loss}";
        var accuracy = r.Scored.Average(c => c.Accuracy).ToString("P1", CultureInfo.InvariantCulture);
        var reward = r.Scored.Average(c => c.Reward).ToString("F4", CultureInfo.InvariantCulture);
        var best = r.Scored.Max(c => c.Reward).ToString("F4", CultureInfo.InvariantCulture);
        return $"Supernet round {r.Round}/{config.Rounds}: step {r.Steps}, mean loss {loss}; the strategy's {r.Scored.Count} candidates: " +
               $"mean supernet accuracy {accuracy}, mean reward {reward}, best {best}";
    }
}
