namespace NasLab.Search.Loop;

/// <summary>What an evaluator measured for one network, or why it could not.</summary>
/// <param name="Accuracy">Validation accuracy in [0, 1]; null when the trial failed.</param>
/// <param name="LatencyMs">Latency of one image in milliseconds; null when the trial failed.</param>
/// <param name="LatencyMode">How the latency was obtained (<c>measured</c>, <c>lut</c>, <c>lut+verify</c>).</param>
/// <param name="Error">Why the trial failed; null when it succeeded.</param>
/// <param name="Note">A remark worth logging (for example that a LUT answer fell back to a measurement).</param>
/// <param name="MeasuredLatencyMs">The latency measured in full when a measurement was made (<c>measured</c>, and the sample
/// <c>lut+verify</c> verifies, where <paramref name="LatencyMs"/> is the estimate).</param>
/// <param name="LatencyDevice">Where the latency came from: <c>local</c>, the agent that measured it, or the remote device whose
/// lookup table estimated it.</param>
public sealed record TrialEvaluation(
    double? Accuracy,
    double? ValLoss,
    double? LatencyMs,
    string? LatencyMode,
    double? TrainSeconds,
    double? LatencySeconds,
    double? ImagesPerSec,
    string? TrainingCurveJson,
    string? Error,
    string? Note = null,
    double? MeasuredLatencyMs = null,
    string? LatencyDevice = null)
{
    public static TrialEvaluation Failed(string error, double? trainSeconds = null) =>
        new(null, null, null, null, trainSeconds, null, null, null, error);
}
