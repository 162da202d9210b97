using NasLab.Search.Config;
using NasLab.Controller.Policy;
using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
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
                var evo = config.Evolution ?? EvolutionSettings.Defaults;
                return new RegularizedEvolution(schema, new EvolutionOptions { PopulationSize = evo.Population, SampleSize = evo.SampleSize }, s);
            case StrategyType.Rl:
                var rl = config.Rl ?? RlSettings.Defaults;
                var controller = new ControllerOptions
                {
                    HiddenSize = rl.HiddenSize,
                    Layers = rl.Layers,
                    Temperature = rl.Temperature,
                    TanhConstant = rl.TanhConstant,
                };
                var training = new PolicyGradientOptions
                {
                    Algorithm = rl.Optimizer == RlOptimizer.Ppo ? PolicyGradientAlgorithm.Ppo : PolicyGradientAlgorithm.Reinforce,
                    LearningRate = rl.LearningRate,
                    BaselineDecay = rl.BaselineDecay,
                    EntropyWeight = rl.EntropyWeight,
                    BatchSize = rl.BatchSize,
                    PpoClip = rl.PpoClip,
                };
                return new PolicyGradientSearch(schema, s, controller, training);
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config.Type, "unknown strategy type");
        }
    }
}
