using NasLab.Controller.Training;
using NasLab.SearchSpace.Schema;

namespace NasLab.Controller.Strategies;

/// <summary>Builds a strategy from its name, so a search configuration can pick one without code changes.</summary>
public static class SearchStrategies
{
    public static IReadOnlyList<string> Names { get; } = ["reinforce", "ppo", "evolution", "random"];

    public static ISearchStrategy Create(string name, DecisionSchema schema, ulong seed, SearchStrategyOptions? options = null)
    {
        var o = options ?? new SearchStrategyOptions();
        return name.Trim().ToLowerInvariant() switch
        {
            "reinforce" => new PolicyGradientSearch(schema, seed, o.Controller, o.Training with { Algorithm = PolicyGradientAlgorithm.Reinforce }),
            "ppo" => new PolicyGradientSearch(schema, seed, o.Controller, o.Training with { Algorithm = PolicyGradientAlgorithm.Ppo }),
            "evolution" => new RegularizedEvolution(schema, o.Evolution, seed),
            "random" => new RandomSearch(schema, seed),
            _ => throw new KeyNotFoundException($"Unknown search strategy '{name}'; known: {string.Join(", ", Names)}."),
        };
    }
}
