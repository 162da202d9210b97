namespace NasLab.Controller.Policy;

/// <summary>
/// One architecture drawn from the controller. <see cref="StepLogits"/> are the logits after temperature
/// and tanh squashing, i.e. exactly what the softmax of each step saw; <see cref="LogProbability"/> is the
/// sum of the per-step log-probabilities of the chosen values and <see cref="Entropy"/> the sum of the
/// per-step softmax entropies.
/// </summary>
public sealed record ArchitectureSample(
    int[] Decisions,
    double LogProbability,
    double Entropy,
    double[] StepLogProbabilities,
    double[] StepEntropies,
    float[][] StepLogits);
