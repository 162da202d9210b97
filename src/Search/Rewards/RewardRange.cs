using System.Globalization;

namespace NasLab.Search.Rewards;

/// <summary>
/// Whether a reward's target and exponents keep <c>(LAT / T)^w</c> a finite positive number for every latency a
/// trial can plausibly measure. Checked when the experiment is validated, so a search never trains a child only to
/// find its reward is infinity (which the strategy cannot learn from and the store cannot rank).
/// </summary>
public static class RewardRange
{
    /// <summary>1 microsecond: below any network's measured latency.</summary>
    public const double MinLatencyMs = 1e-3;

    /// <summary>1000 seconds: above any proxy child's latency.</summary>
    public const double MaxLatencyMs = 1e6;

    // The suggested target range keeps this much head-room from double's limits (1.8e308 and 4.9e-324).
    private const double SafeMax = 1e300;
    private const double SafeMin = 1e-300;

    /// <summary>Null when the reward of accuracy 1 is finite and above 0 over the plausible latencies; otherwise the problem.</summary>
    public static string? Problem(double targetMs, double alpha, double beta)
    {
        // (LAT / T)^w is monotone on each side of T with w <= 0, so the two extremes bound it.
        foreach (var latency in new[] { MinLatencyMs, MaxLatencyMs })
        {
            var factor = RewardFunction.Compute(1.0, latency, targetMs, alpha, beta);
            if (double.IsFinite(factor) && factor > 0) continue;
            var w = latency <= targetMs ? alpha : beta;
            return $"{Text(targetMs)} with alpha {Text(alpha)} and beta {Text(beta)} makes the reward factor (LAT / {Text(targetMs)} ms)^{Text(w)} " +
                   $"{(factor > 0 ? "infinite" : "0")} at LAT = {Text(latency)} ms, which is not a finite positive reward; " +
                   $"allowed target_ms for alpha {Text(alpha)} and beta {Text(beta)}: {Text(LowestTarget(beta))} to {Text(HighestTarget(alpha))} " +
                   $"(latencies from {Text(MinLatencyMs)} to {Text(MaxLatencyMs)} ms must keep it finite)";
        }
        return null;
    }

    /// <summary>Above T the factor is (LAT/T)^beta; it stays >= SafeMin at MaxLatencyMs when T >= Max / SafeMin^(1/beta).</summary>
    private static double LowestTarget(double beta) => beta < 0 ? MaxLatencyMs / Math.Pow(SafeMin, 1 / beta) : 0;

    /// <summary>Below T the factor is (LAT/T)^alpha; it stays <= SafeMax at MinLatencyMs when T <= Min * SafeMax^(1/-alpha).</summary>
    private static double HighestTarget(double alpha) => alpha < 0 ? MinLatencyMs * Math.Pow(SafeMax, -1 / alpha) : double.PositiveInfinity;

    private static string Text(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
}
