using NasLab.Search.Config;
using NasLab.Controller.Strategies;
using NasLab.SearchSpace.Schema;

namespace NasLab.Search.Experiment;

/// <summary>Creates the search strategy an experiment asks for.</summary>
public static class StrategyFactory
{
    public static ISearchStrategy Create(StrategyConfig config, DecisionSchema schema, int seed)
    {
        var s = unchecked((ulong)seed);
        switch (config.Type)
        {
            case StrategyType.Random:
                return new RandomSearch(schema, s);
            case StrategyType.Evolution:
                return new RegularizedEvolution(schema, config.Evolution ?? new EvolutionOptions(), s);
            case StrategyType.Rl:
                var rl = config.Rl ?? new PolicyGradientSearchOptions();
                return new PolicyGradientSearch(schema, s, rl.Controller, rl.Training);
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config.Type, "unknown strategy type");
        }
    }
}
