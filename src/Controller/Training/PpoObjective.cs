using NasLab.Controller.Policy;
using static TorchSharp.torch;

namespace NasLab.Controller.Training;

/// <summary>
/// PPO's clipped surrogate (Schulman et al. 2017): with r = p(a) / p_old(a) from the log-probabilities
/// stored at sampling time, loss = -mean(min(r A, clip(r, 1 - eps, 1 + eps) A)) - w * mean(H). Taking the
/// minimum removes the incentive to move r outside the clip range, so several epochs on one batch stay
/// close to the sampling policy.
/// </summary>
public sealed class PpoObjective(double clip, int epochs, double entropyWeight) : IPolicyObjective
{
    public double Clip { get; } = clip;
    public double EntropyWeight { get; } = entropyWeight;
    public int StepsPerBatch { get; } = epochs;

    public Tensor Loss(PolicyEvaluation policy, IReadOnlyList<Experience> batch)
    {
        var advantages = tensor(batch.Select(e => (float)e.Advantage).ToArray());
        var oldLogp = tensor(batch.Select(e => (float)e.SampledLogProbability).ToArray());
        var ratio = (policy.LogProbability - oldLogp).exp();
        var unclipped = ratio * advantages;
        var clipped = ratio.clamp(1 - Clip, 1 + Clip) * advantages;
        return -unclipped.minimum(clipped).mean() - EntropyWeight * policy.Entropy.mean();
    }
}
