using NasLab.Controller.Policy;
using NasLab.Controller.Training;

namespace NasLab.Controller.Strategies;

/// <summary>Settings for every strategy <see cref="SearchStrategies.Create"/> can build; each uses only its own part.</summary>
public sealed record SearchStrategyOptions
{
    public ControllerOptions Controller { get; init; } = new();

    /// <summary>Policy-gradient settings; <see cref="PolicyGradientOptions.Algorithm"/> is overridden by the strategy name.</summary>
    public PolicyGradientOptions Training { get; init; } = new();

    public EvolutionOptions Evolution { get; init; } = new();
}
