using static TorchSharp.torch;

namespace NasLab.Controller.Policy;

/// <summary>
/// Differentiable log-probabilities and entropies ([N] each) of N given architectures under the current
/// policy. The tensors belong to the caller's dispose scope.
/// </summary>
public sealed record PolicyEvaluation(Tensor LogProbability, Tensor Entropy);
