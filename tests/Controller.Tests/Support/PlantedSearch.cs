using NasLab.Controller.Policy;
using NasLab.Controller.Strategies;
using NasLab.Controller.Training;

namespace NasLab.Controller.Tests.Support;

/// <summary>
/// The planted-optimum RL run shared by the tests and the reach-time probe (ProbeProgram "reach"):
/// ask / tell in batches of <see cref="AskSize"/>, and every <see cref="CheckEvery"/> samples compare the
/// controller's greedy architecture with the target.
/// <para>
/// Hyperparameters (measured, see PlantedOptimumTests): no temperature, tanh cap 2.5 (no choice gets
/// more than e^5 times another's odds, so every choice keeps being sampled), and an entropy bonus of
/// 2e-2 — four times the old 5e-3, at which a few decisions could collapse onto a wrong value on some
/// CPUs' rounding and not recover within the budget. Lr 5e-3, M = 8, baseline decay 0.9.
/// </para>
/// </summary>
public static class PlantedSearch
{
    public const int CheckEvery = 240, AskSize = 8;

    /// <summary>Greedy reward at least this is "near": at most one decision of 49 (or of A1's) wrong.</summary>
    public const double Near = 0.98;

    public static readonly ControllerOptions Controller = new() { HiddenSize = 64, Temperature = null, TanhConstant = 2.5 };

    public static readonly PolicyGradientOptions Training = new()
    {
        LearningRate = 5e-3, EntropyWeight = 2e-2, BatchSize = 8, BaselineDecay = 0.9,
    };

    /// <summary>
    /// Samples until the greedy architecture first reached <see cref="Near"/> and first equalled the
    /// target (null if not within the budget); the greedy reward at the end and the best sampled reward.
    /// </summary>
    public sealed record Reach(int? NearAt, int? ExactAt, int Used, double FinalGreedy, double BestSampled, List<double> Trace);

    public static Reach Run(PolicyGradientSearch rl, PlantedReward reward, int budget)
    {
        int used = 0;
        int? nearAt = null, exactAt = null;
        double best = 0, greedy = 0;
        var trace = new List<double>();
        while (used < budget && exactAt is null)
        {
            best = Math.Max(best, SearchDriver.Run(rl, d => reward.Of(d), CheckEvery, AskSize).BestReward);
            used += CheckEvery;
            greedy = reward.Of(rl.Controller.MostLikely());
            trace.Add(greedy);
            if (greedy >= Near) nearAt ??= used;
            if (greedy == 1.0) exactAt = used;
        }
        return new Reach(nearAt, exactAt, used, greedy, best, trace);
    }

    public static string Describe(Reach r) =>
        $"near(>={Near}) at {r.NearAt?.ToString() ?? "-"}, exact at {r.ExactAt?.ToString() ?? "-"}, " +
        $"final greedy {r.FinalGreedy:F3}, best sampled {r.BestSampled:F3}; trace {string.Join(" ", r.Trace.Select(t => t.ToString("F2")))}";
}
