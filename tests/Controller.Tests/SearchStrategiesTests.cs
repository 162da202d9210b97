using NasLab.Controller.Strategies;
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
        foreach (var name in SearchStrategies.Names)
        {
            using var strategy = SearchStrategies.Create(name, schema, seed: 1);
            Assert.Equal(name, strategy.Name);
            var o = SearchDriver.Run(strategy, d => d[0] == 0 ? null : reward.Of(d), 40, 8); // some trials fail
            Assert.Equal(40, o.Asked.Count);
            Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), o.Asked.Select(c => c.Id));
            Assert.All(o.Asked, c => schema.Validate(c.Decisions));
            Assert.Equal(0, strategy.PendingCount);
        }
        Assert.Throws<KeyNotFoundException>(() => SearchStrategies.Create("bayesian", schema, 1));
    }

    [Fact]
    public void AskAndTellLeaveNoTensorsBehind()
    {
        // Every tensor created while sampling and updating must be freed by the strategy's own dispose
        // scopes; anything leaking would land in this outer scope.
        using var rl = SearchStrategies.Create("ppo", Schemas.MnasNetShaped(), seed: 2,
            new SearchStrategyOptions { Controller = new() { HiddenSize = 16 }, Training = new() { BatchSize = 4, PpoEpochs = 2 } });
        using var outer = NewDisposeScope();
        SearchDriver.Run(rl, d => d.Sum() / 100.0, 24, 4);
        Assert.Equal(0, outer.DisposablesCount);
    }
}
