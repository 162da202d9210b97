using System.Globalization;
using NasLab.Search.Rewards;

namespace NasLab.Search.Config;

/// <summary>How the user wrote the reward exponents; kept so the resolved config prints back the same way.</summary>
public enum RewardForm { Soft, Hard, SingleExponent, ExplicitExponents }

/// <summary>
/// MnasNet reward <c>ACC * (LAT / T)^w</c> with w = <see cref="Alpha"/> when LAT &lt;= T, else <see cref="Beta"/>.
/// </summary>
public sealed record RewardConfig(double TargetMs, double Alpha, double Beta, RewardForm Form)
{
    /// <summary>MnasNet's soft constraint: a 2x slower model must be ~5% more accurate to tie.</summary>
    public const double SoftExponent = -0.07;

    public static RewardConfig Soft(double targetMs) => new(targetMs, SoftExponent, SoftExponent, RewardForm.Soft);

    /// <summary>Hard constraint: no bonus for being faster than T, steep penalty above it.</summary>
    public static RewardConfig Hard(double targetMs) => new(targetMs, 0.0, -1.0, RewardForm.Hard);

    public double Compute(double accuracy, double latencyMs) =>
        RewardFunction.Compute(accuracy, latencyMs, TargetMs, Alpha, Beta);

    /// <summary>
    /// The reward of a measured trial, or why it has none (a latency that is not a positive number, or a reward
    /// that is not finite). The search fails such a trial with <paramref name="problem"/> instead of storing it.
    /// </summary>
    public bool TryCompute(double accuracy, double latencyMs, out double reward, out string? problem)
    {
        reward = double.NaN;
        if (!double.IsFinite(latencyMs) || latencyMs <= 0)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the measured latency {latencyMs} ms is not a positive number, so the reward cannot be computed");
            return false;
        }
        if (!double.IsFinite(accuracy) || accuracy < 0)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the validation accuracy {accuracy} is not a number >= 0, so the reward cannot be computed");
            return false;
        }
        reward = Compute(accuracy, latencyMs);
        problem = double.IsFinite(reward) ? null
            : string.Create(CultureInfo.InvariantCulture, $"the reward {accuracy} * ({latencyMs} ms / {TargetMs} ms)^w (alpha {Alpha}, beta {Beta}) is not finite; choose reward.target_ms closer to the measured latencies");
        return problem is null;
    }
}
