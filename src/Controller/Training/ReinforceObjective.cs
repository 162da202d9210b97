using NasLab.Controller.Policy;
using static TorchSharp.torch;

namespace NasLab.Controller.Training;

/// <summary>
/// REINFORCE: loss = mean over the batch of [ -(R - b) * log p(a) - w * H(a) ]. The advantages enter as
/// constants (host numbers turned into a tensor without gradient), so gradients reach only the policy.
/// </summary>
public sealed class ReinforceObjective(double entropyWeight) : IPolicyObjective
{
    public double EntropyWeight { get; } = entropyWeight;
    public int StepsPerBatch => 1;

    public Tensor Loss(PolicyEvaluation policy, IReadOnlyList<Experience> batch)
    {
        var advantages = tensor(batch.Select(e => (float)e.Advantage).ToArray());
        var perSample = -(advantages * policy.LogProbability) - EntropyWeight * policy.Entropy;
        return perSample.mean();
    }
}
