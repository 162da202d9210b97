using NasLab.Controller.Strategies;

namespace NasLab.Search.Config;

/// <summary>
/// How candidates are proposed. Exactly the settings of the chosen type are present:
/// <see cref="Rl"/> only for <c>rl</c>, <see cref="Evolution"/> only for <c>evolution</c>. Both are the
/// strategies' own option types: what the YAML leaves out keeps the component's default (one home per default).
/// RL: the LSTM controller trained with policy gradients, M (<c>batch_size</c>) sampled architectures per update.
/// Evolution: regularized (aging) evolution; it evolves until the budget runs out, so Real et al.'s "cycles"
/// (trials after the initial population) are <c>budget.trials - population</c>.
/// </summary>
public sealed record StrategyConfig(StrategyType Type, PolicyGradientSearchOptions? Rl, EvolutionOptions? Evolution);
