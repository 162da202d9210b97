using NasLab.Controller.Policy;
using static TorchSharp.torch;

namespace NasLab.Controller.Training;

/// <summary>A policy-gradient loss over a batch of rewarded samples, minimised by gradient descent.</summary>
public interface IPolicyObjective
{
    /// <summary>Gradient steps taken on each batch (1 for REINFORCE, the epoch count for PPO).</summary>
    int StepsPerBatch { get; }

    /// <summary>Scalar loss; <paramref name="policy"/> holds the current policy's values for <paramref name="batch"/>, in order.</summary>
    Tensor Loss(PolicyEvaluation policy, IReadOnlyList<Experience> batch);
}
