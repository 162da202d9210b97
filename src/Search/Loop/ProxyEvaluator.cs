using System.Diagnostics;
using NasLab.Evaluator.Training;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Oracle;
using NasLab.Search.Experiment;
using NasLab.SearchSpace.Architecture;

namespace NasLab.Search.Loop;

/// <summary>Stand-alone evaluation: proxy-train the child from scratch, then ask the latency oracle.</summary>
public sealed class ProxyEvaluator(ProxyTrainer trainer, ExperimentLatency latency) : ITrialEvaluator
{
    public TrialEvaluation? Evaluate(NetworkArchitecture child, CancellationToken abort)
    {
        var trainClock = Stopwatch.StartNew();
        var result = trainer.Train(child, abort);
        var trainSeconds = trainClock.Elapsed.TotalSeconds;
        if (result.Status == TrainingOutcome.Cancelled) return null;
        if (result.Status != TrainingOutcome.Completed || result.ValidationAccuracy is not double accuracy)
            return TrialEvaluation.Failed(result.FailureReason ?? $"training ended with status {result.Status}", trainSeconds);

        var latencyClock = Stopwatch.StartNew();
        OracleAnswer answer;
        try { answer = latency.Oracle.Query(child, latency.ModeFor(child)); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TrialEvaluation.Failed($"latency measurement failed: {e.Message}", trainSeconds);
        }
        // Both values when a measurement was made: lut+verify keeps the estimate as the latency (every trial's reward
        // on one scale) and the measurement beside it.
        var measured = answer.Statistics is { } stats ? latency.Oracle.Statistic.Of(stats) : (double?)null;
        return new TrialEvaluation(accuracy, result.ValidationLoss, answer.LatencyMs, OracleModes.Name(answer.Mode),
            trainSeconds, latencyClock.Elapsed.TotalSeconds, result.ImagesPerSecond, TrainingJson.Serialize(result.Curve), null, answer.Note,
            measured, answer.Device);
    }
}
