using System.Diagnostics;
using NasLab.Evaluator.Training;
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
        try { answer = latency.Oracle.Query(child, latency.Mode); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TrialEvaluation.Failed($"latency measurement failed: {e.Message}", trainSeconds);
        }
        return new TrialEvaluation(accuracy, result.ValidationLoss, answer.LatencyMs, OracleModes.Name(answer.Mode),
            trainSeconds, latencyClock.Elapsed.TotalSeconds, result.ImagesPerSecond, TrainingJson.Serialize(result.Curve), null, answer.Note);
    }
}
