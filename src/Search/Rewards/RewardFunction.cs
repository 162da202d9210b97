namespace NasLab.Search.Rewards;

/// <summary>
/// The MnasNet multi-objective reward <c>ACC * (LAT / T)^w</c>, where w = alpha if LAT &lt;= T, else beta.
/// With alpha = beta = -0.07 ("soft") a model twice as slow as the target needs ~5% higher accuracy
/// to earn the same reward; alpha = 0, beta = -1 ("hard") gives no credit for being faster than T
/// and penalises overshoot proportionally.
/// </summary>
public static class RewardFunction
{
    public static double Compute(double accuracy, double latencyMs, double targetMs, double alpha, double beta)
    {
        if (!double.IsFinite(accuracy) || accuracy < 0)
            throw new ArgumentOutOfRangeException(nameof(accuracy), accuracy, "accuracy must be a finite number >= 0");
        if (!double.IsFinite(latencyMs) || latencyMs <= 0)
            throw new ArgumentOutOfRangeException(nameof(latencyMs), latencyMs, "latency must be a finite number > 0 ms");
        if (!double.IsFinite(targetMs) || targetMs <= 0)
            throw new ArgumentOutOfRangeException(nameof(targetMs), targetMs, "target latency must be a finite number > 0 ms");

        var exponent = latencyMs <= targetMs ? alpha : beta;
        return accuracy * Math.Pow(latencyMs / targetMs, exponent);
    }
}
