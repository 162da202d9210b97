using NasLab.Controller.Strategies;
using NasLab.Controller.Training;

namespace NasLab.Search.Config.Sections;

/// <summary>Parses <c>strategy</c>; settings of a type other than the chosen one are an error, not silently ignored.</summary>
internal static class StrategySection
{
    public static readonly string[] Keys = ["type", "rl", "evolution"];
    public static readonly string[] RlKeys =
    [
        "hidden_size", "layers", "learning_rate", "baseline_decay", "entropy_weight", "temperature",
        "tanh_constant", "batch_size", "optimizer", "ppo_clip",
    ];
    public static readonly string[] EvolutionKeys = ["population", "sample_size"];

    /// <summary>
    /// Keys that older versions accepted, with what replaces them. <c>cycles</c> was parsed and then ignored;
    /// the trial budget already bounds the cycles (population + cycles = budget.trials).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> RemovedEvolutionKeys = new Dictionary<string, string>
    {
        ["cycles"] = "use budget.trials (the total number of trials: population + the evolution cycles wanted)",
    };

    public static StrategyConfig Parse(MappingReader? s)
    {
        var type = s?.Choice("type", Choices.StrategyTypes) ?? StrategyType.Rl;
        if (s is null) return new StrategyConfig(type, new PolicyGradientSearchOptions(), null);

        var typeName = Choices.StrategyTypes.NameOf(type);
        foreach (var (key, owner) in new[] { ("rl", StrategyType.Rl), ("evolution", StrategyType.Evolution) })
        {
            if (s.Has(key) && type != owner)
            {
                throw s.Error(key, $"settings for '{key}' are given but strategy.type is '{typeName}'; " +
                                   $"remove them or set strategy.type: {key}");
            }
        }

        return type switch
        {
            StrategyType.Rl => new StrategyConfig(type, ParseRl(s.Section("rl", RlKeys)), null),
            StrategyType.Evolution => new StrategyConfig(type, null, ParseEvolution(s.Section("evolution", EvolutionKeys, RemovedEvolutionKeys))),
            _ => new StrategyConfig(type, null, null),
        };
    }

    /// <summary>Binds <c>rl</c> onto the strategy's own options: an absent key keeps the component's default.</summary>
    private static PolicyGradientSearchOptions ParseRl(MappingReader? r)
    {
        var d = new PolicyGradientSearchOptions();
        if (r is null) return d;
        var (c, t) = (d.Controller, d.Training);
        var optimizer = r.Choice("optimizer", Choices.RlOptimizers) ?? t.Algorithm;
        if (r.Has("ppo_clip") && optimizer != PolicyGradientAlgorithm.Ppo)
        {
            throw r.Error("ppo_clip", "only used with optimizer: ppo, but optimizer is 'reinforce'");
        }
        return new PolicyGradientSearchOptions
        {
            Controller = c with
            {
                HiddenSize = r.Integer("hidden_size", 1, 4096) ?? c.HiddenSize,
                Layers = r.Integer("layers", 1, 8) ?? c.Layers,
                // An explicit null turns the temperature / tanh squashing off; absence keeps the default.
                Temperature = OptionalNumber(r, "temperature", c.Temperature),
                TanhConstant = OptionalNumber(r, "tanh_constant", c.TanhConstant),
            },
            Training = t with
            {
                Algorithm = optimizer,
                LearningRate = r.Number("learning_rate", new NumberRange(0, false, 1, true)) ?? t.LearningRate,
                BaselineDecay = r.Number("baseline_decay", NumberRange.UnitOpenAbove) ?? t.BaselineDecay,
                EntropyWeight = r.Number("entropy_weight", NumberRange.NonNegative) ?? t.EntropyWeight,
                BatchSize = r.Integer("batch_size", 1, 1024) ?? t.BatchSize,
                PpoClip = r.Number("ppo_clip", new NumberRange(0, false, 1, false)) ?? t.PpoClip,
            },
        };
    }

    private static double? OptionalNumber(MappingReader r, string key, double? fallback) =>
        r.Number(key, NumberRange.Positive) ?? (r.IsExplicitNull(key) ? null : fallback);

    /// <summary>Binds <c>evolution</c> onto <see cref="EvolutionOptions"/>: an absent key keeps its default.</summary>
    private static EvolutionOptions ParseEvolution(MappingReader? e)
    {
        var d = new EvolutionOptions();
        if (e is null) return d;
        var population = e.Integer("population", 2, 100_000) ?? d.PopulationSize;
        var sampleSize = e.Integer("sample_size", 1, 100_000) ?? d.SampleSize;
        if (sampleSize > population)
        {
            throw e.Error(e.Has("sample_size") ? "sample_size" : "population",
                $"sample_size ({sampleSize}) must be <= population ({population})");
        }
        return new EvolutionOptions { PopulationSize = population, SampleSize = sampleSize };
    }
}
