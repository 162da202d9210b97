using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.SearchSpace.Spaces;

namespace NasLab.Tests.Config;

/// <summary>
/// One home per strategy default (issue 11 item 10): what an experiment file leaves out is the strategy's own
/// default, the value the README documents, and what <c>naslab validate</c> prints is what the strategy gets.
/// </summary>
public sealed class StrategyDefaultsTests
{
    private static ExperimentConfig Parse(string strategyYaml) =>
        ExperimentConfigLoader.Parse($"name: t\n{strategyYaml}reward:\n  target_ms: 10\n", "t.yaml");

    private static ISearchStrategy Build(ExperimentConfig config) =>
        StrategyFactory.Create(config.Strategy, SearchSpaces.MnasNet().Schema, config.Seed);

    [Fact]
    public void An_rl_experiment_without_batch_size_gets_the_documented_M_of_1_from_the_controller_itself()
    {
        foreach (var yaml in new[] { "", "strategy:\n  type: rl\n", "strategy:\n  rl:\n    hidden_size: 20\n" })
        {
            var config = Parse(yaml);
            using var strategy = (PolicyGradientSearch)Build(config);

            // 1: the README's strategy table and the shipped experiments (which set batch_size only to change it).
            Assert.Equal(1, strategy.Options.BatchSize);
            Assert.Equal(new PolicyGradientOptions().BatchSize, strategy.Options.BatchSize);
            Assert.Equal(config.Strategy.Rl!.Training.BatchSize, strategy.Options.BatchSize);
        }
    }

    [Fact]
    public void An_evolution_experiment_without_sizes_gets_the_documented_20_and_5()
    {
        var config = Parse("strategy:\n  type: evolution\n");

        Assert.Equal(20, config.Strategy.Evolution!.PopulationSize);
        Assert.Equal(5, config.Strategy.Evolution.SampleSize);
        Assert.Equal(new EvolutionOptions(), config.Strategy.Evolution);
        // Behaviour, not a field: the first P proposals are the random initial population; once P results are in,
        // the next proposal is a child, one decision away from a member (a uniform sample of 49 decisions is not).
        using var evolution = (RegularizedEvolution)Build(config);
        var initial = evolution.Ask(20);
        evolution.Tell(initial.Select((c, i) => new TrialResult(c.Id, i / 20.0)).ToList());
        var next = evolution.Ask(1)[0];
        var nearest = initial.Min(c => c.Decisions.Zip(next.Decisions).Count(p => p.First != p.Second));
        Assert.Equal(1, nearest);
    }

    [Fact]
    public void The_resolved_config_prints_the_defaults_the_strategy_runs_with()
    {
        var rl = ConfigYamlWriter.Write(Parse(""));
        var evolution = ConfigYamlWriter.Write(Parse("strategy:\n  type: evolution\n"));

        Assert.Contains("\n    batch_size: 1\n", rl);
        Assert.Contains("\n    hidden_size: 100\n", rl);
        Assert.Contains("\n    temperature: 5\n", rl);
        Assert.Contains("\n    population: 20\n    sample_size: 5\n", evolution);
    }

    [Fact]
    public void Given_values_reach_the_strategy()
    {
        var config = Parse("strategy:\n  rl:\n    batch_size: 4\n    optimizer: ppo\n    ppo_clip: 0.3\n    temperature: null\n");
        using var strategy = (PolicyGradientSearch)Build(config);

        Assert.Equal((4, PolicyGradientAlgorithm.Ppo, 0.3), (strategy.Options.BatchSize, strategy.Options.Algorithm, strategy.Options.PpoClip));
        Assert.Null(config.Strategy.Rl!.Controller.Temperature);
        Assert.Equal(config, ExperimentConfigLoader.Parse(ConfigYamlWriter.Write(config), "printed"));
    }
}
