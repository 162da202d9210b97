namespace NasLab.Search.Config;

/// <summary>
/// How candidates are proposed. Exactly the settings of the chosen type are present:
/// <see cref="Rl"/> only for <c>rl</c>, <see cref="Evolution"/> only for <c>evolution</c>.
/// </summary>
public sealed record StrategyConfig(StrategyType Type, RlSettings? Rl, EvolutionSettings? Evolution);

/// <summary>
/// LSTM controller trained with policy gradients. Defaults follow MnasNet/ENAS: 100 hidden units,
/// Adam at 3.5e-4, moving-average baseline with decay 0.99, logits as <c>tanh_constant * tanh(l / temperature)</c>.
/// <see cref="BatchSize"/> is M, the number of sampled architectures per controller update.
/// <see cref="TanhConstant"/> null disables the tanh squashing.
/// </summary>
public sealed record RlSettings(
    int HiddenSize,
    int Layers,
    double LearningRate,
    double BaselineDecay,
    double EntropyWeight,
    double Temperature,
    double? TanhConstant,
    int BatchSize,
    RlOptimizer Optimizer,
    double PpoClip)
{
    public static readonly RlSettings Defaults = new(
        HiddenSize: 100, Layers: 1, LearningRate: 3.5e-4, BaselineDecay: 0.99, EntropyWeight: 1e-4,
        Temperature: 5.0, TanhConstant: 2.5, BatchSize: 1, Optimizer: RlOptimizer.Reinforce, PpoClip: 0.2);
}

/// <summary>
/// Regularized (aging) evolution: keep <see cref="Population"/> models, pick the best of
/// <see cref="SampleSize"/> random ones as parent, mutate, drop the oldest. It evolves until the budget runs
/// out: Real et al.'s "cycles" (trials after the initial population) are <c>budget.trials - population</c>.
/// </summary>
public sealed record EvolutionSettings(int Population, int SampleSize)
{
    public static readonly EvolutionSettings Defaults = new(Population: 20, SampleSize: 5);
}
