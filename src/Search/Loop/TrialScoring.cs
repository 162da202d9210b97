using NasLab.Search.Config;
using NasLab.Search.Store;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;

namespace NasLab.Search.Loop;

/// <summary>Turns an evaluation into what the store keeps: MnasNet's reward ACC * (LAT / T)^w and the network's cost.</summary>
public static class TrialScoring
{
    public static TrialOutcome Score(TrialEvaluation evaluation, NetworkArchitecture child, RewardConfig reward)
    {
        if (evaluation.Error is { } error) return TrialOutcome.Failed(error);
        if (evaluation.Accuracy is not double accuracy || evaluation.LatencyMs is not double latencyMs)
            return TrialOutcome.Failed("the evaluator returned no accuracy or latency");
        // A reward that is not finite cannot be ranked or learned from: the trial fails with the reason
        // (and the search goes on) instead of staying 'running' and failing again on every resume.
        if (!reward.TryCompute(accuracy, latencyMs, out var value, out var problem)) return TrialOutcome.Failed(problem!);
        var cost = CostModel.Compute(child);
        return TrialOutcome.Completed(new TrialMetrics(accuracy, evaluation.ValLoss, latencyMs, evaluation.LatencyMode ?? "measured",
            cost.Params, cost.Macs, value, evaluation.TrainSeconds, evaluation.LatencySeconds, evaluation.ImagesPerSec, evaluation.TrainingCurveJson,
            evaluation.MeasuredLatencyMs, evaluation.LatencyDevice));
    }
}
