using NasLab.Cli.Rewards;

namespace NasLab.Cli.Config;

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
}
