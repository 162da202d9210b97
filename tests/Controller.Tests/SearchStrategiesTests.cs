using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using NasLab.Controller.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Controller.Tests;

public class SearchStrategiesTests
{
    [Fact]
    public void EveryNamedStrategyRunsTheSameAskTellLoopAndReportsItsName()
    {
        var schema = Schemas.MnasNetShaped();
        var reward = new PlantedReward(Schemas.PlantedTarget(schema));
        // Every strategy an experiment file can choose (see the CLI's StrategyFactory), built from its own defaults.
        var strategies = new (string Name, Func<ISearchStrategy> Create)[]
        {
            ("reinforce", () => new PolicyGradientSearch(schema, 1)),
            ("ppo", () => new PolicyGradientSearch(schema, 1, training: new() { Algorithm = PolicyGradientAlgorithm.Ppo })),
            ("evolution", () => new RegularizedEvolution(schema, new EvolutionOptions(), 1)),
            ("random", () => new RandomSearch(schema, 1)),
        };
        foreach (var (name, create) in strategies)
        {
            using var strategy = create();
            Assert.Equal(name, strategy.Name);
            var o = SearchDriver.Run(strategy, d => d[0] == 0 ? null : reward.Of(d), 40, 8); // some trials fail
            Assert.Equal(40, o.Asked.Count);
            Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), o.Asked.Select(c => c.Id));
            Assert.All(o.Asked, c => schema.Validate(c.Decisions));
            Assert.Equal(0, strategy.PendingCount);
        }
    }

    [Fact]
    public void AskAndTellLeaveNoTensorsBehind()
    {
        // Every tensor created while sampling and updating must be freed by the strategy's own dispose
        // scopes; anything leaking would land in this outer scope.
        using var rl = new PolicyGradientSearch(Schemas.MnasNetShaped(), seed: 2, new() { HiddenSize = 16 },
            new() { Algorithm = PolicyGradientAlgorithm.Ppo, BatchSize = 4, PpoEpochs = 2 });
        using var outer = NewDisposeScope();
        SearchDriver.Run(rl, d => d.Sum() / 100.0, 24, 4);
        Assert.Equal(0, outer.DisposablesCount);
    }
}
